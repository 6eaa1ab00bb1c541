import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeAttachments, type FakeServedAttachment } from './fake-attachments.js';
import { FakeGateway, type RefusedIdentify } from './fake-gateway.js';
import { channelJson, guildCreateJson, messageJson, roleJson, userJson, type FakeUser } from './fake-payloads.js';
import {
  buttonData, commandData, focusedOption, interactionBase, optionsFrom, registeredOptionTypes, type AutocompleteInjection, type ButtonClickInjection, type SlashCommandInjection,
} from './fake-interaction-payloads.js';
import { messageCommandData, registeredMessageCommand, userAttachment, type MessageCommandInjection, type UserMessageInit } from './fake-message-commands.js';
import { modalSubmitComponents, type ModalSubmitInjection } from './fake-modals.js';
import { FakeRest } from './fake-rest.js';
import type { FakeChannel, FakeChoice, FakeGuild, FakeInteraction, FakeMessage, RecordedRequest } from './fake-state.js';
import { FakeWorld } from './fake-world.js';

/** Options of {@link FakeDiscord}. */
export interface FakeDiscordOptions {
  /** Port to listen on (default 0: any free port, on 127.0.0.1). */
  readonly port?: number;
  readonly applicationId?: string;
  readonly botUserId?: string;
  /**
   * The fake's clock in ms (default `Date.now`). The 3-second acknowledgement deadline, the
   * 15-minute token lifetime and the nonce window count on it; see `ManualClock`.
   */
  readonly now?: () => number;
  /** Guilds one gateway shard may hold before Identify is refused with 4011 (default Discord's 2,500). */
  readonly maxGuildsPerShard?: number;
  /** Shards `GET /gateway/bot` recommends (what `shards: 'auto'` runs; default: one per 1,000 guilds, at least 1). */
  readonly recommendedShards?: number;
}

const MIB = 1024 * 1024;

/**
 * A local fake of Discord: REST routes under `/api/v10` and a websocket gateway, on
 * 127.0.0.1. A real discord.js `Client` connects with `rest: { api: fake.apiUrl }`.
 * Records every REST request and every message as users would see it.
 */
export class FakeDiscord {
  /** The fake's state; tests may read and change it directly. */
  readonly world: FakeWorld;
  private readonly server: Server;
  private readonly gateway: FakeGateway;
  private readonly changes = new EventEmitter();
  private readonly rest: FakeRest;
  private readonly attachments = new FakeAttachments();
  private port = 0;

  constructor(private readonly options: FakeDiscordOptions = {}) {
    const bot: FakeUser = { id: options.botUserId ?? '1100000000000000001', username: 'veo-bot', bot: true };
    this.world = new FakeWorld(options.applicationId ?? '1100000000000000002', bot, '1100000000000000003', options.now ?? Date.now);
    this.changes.setMaxListeners(0);
    this.rest = new FakeRest(this.world, () => this.gatewayUrl, () => this.changed(), () => options.recommendedShards ?? Math.max(1, Math.ceil(this.world.guilds.size / 1000)));
    this.server = createServer((req, res) => {
      if (!this.attachments.serve(req, res)) void this.rest.serve(req, res);
    });
    this.gateway = new FakeGateway(this.server, {
      guildIds: () => [...this.world.guilds.keys()],
      gatewayUrl: () => this.gatewayUrl,
      guildCreatePayload: (id) => guildCreateJson(this.guild(id), this.channelsOf(id), bot, this.world.ownerId),
      readyPayload: (sessionId, guildIds, shard) => ({
        v: 10,
        user: userJson(bot),
        guilds: guildIds.map((id) => ({ id, unavailable: true })),
        session_id: sessionId,
        resume_gateway_url: this.gatewayUrl,
        application: { id: this.world.applicationId, flags: 0 },
        ...(shard ? { shard } : {}),
      }),
    }, { ...(options.maxGuildsPerShard === undefined ? {} : { maxGuildsPerShard: options.maxGuildsPerShard }) });
  }

  /** Creates and starts a fake. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await fake.start();
    return fake;
  }

  /** Base URL for discord.js `rest.api` (no `/v10`). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The websocket URL `GET /gateway/bot` hands out. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Every REST request received, in order. */
  get requests(): RecordedRequest[] {
    return this.rest.requests;
  }

  /**
   * Requests the strict checks refused as Discord would (400 / 50035 with `errors` naming the
   * fields, or 50109 for a body that is not JSON); injected failures are not counted.
   */
  refusedRequests(): RecordedRequest[] {
    return this.rest.requests.filter((r) => r.formErrors !== null || r.errorCode === 50109);
  }

  /** The application id in READY and interactions. */
  get applicationId(): string {
    return this.world.applicationId;
  }

  /** The bot's own user. */
  get botUser(): FakeUser {
    return this.world.bot;
  }

  /** Identifies refused with 4010 / 4011, as Discord refuses them. */
  get refusedIdentifies(): readonly RefusedIdentify[] {
    return this.gateway.refused;
  }

  /** Gateway sessions that completed Identify. */
  get connectedClients(): number {
    return this.gateway.identifiedCount;
  }

  /** Listens on 127.0.0.1. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Closes the gateway sessions and the server. */
  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Adds a guild (boost tier 0 unless given). */
  addGuild(init: { name?: string; premiumTier?: number; uploadLimitBytes?: number } = {}): FakeGuild {
    const guild: FakeGuild = { id: this.world.snowflake(), name: init.name ?? 'Fake Guild', premiumTier: init.premiumTier ?? 0, uploadLimitBytes: init.uploadLimitBytes ?? null, roleIds: [] };
    this.world.guilds.set(guild.id, guild);
    return guild;
  }

  /** Adds a text channel to a guild, or a DM channel when `guildId` is null. */
  addChannel(guildId: string | null, init: { name?: string; canView?: boolean; canSend?: boolean; nsfw?: boolean } = {}): FakeChannel {
    const channel: FakeChannel = { id: this.world.snowflake(), guildId, name: init.name ?? 'general', canView: init.canView ?? true, canSend: init.canSend ?? true, deleted: false, nsfw: init.nsfw ?? false };
    this.world.channels.set(channel.id, channel);
    // Bots with the Guilds intent hear of a new channel (dispatched to whoever holds the guild).
    if (guildId) this.gateway.dispatch(guildId, 'CHANNEL_CREATE', channelJson(channel, this.world.bot));
    return channel;
  }

  /** Adds a role to a guild (announced as GUILD_ROLE_CREATE, as Discord does); returns its id. */
  addRole(guildId: string): string {
    const guild = this.guild(guildId);
    const id = this.world.snowflake();
    guild.roleIds.push(id);
    this.gateway.dispatch(guildId, 'GUILD_ROLE_CREATE', { guild_id: guildId, role: roleJson(id, guild.roleIds.length) });
    return id;
  }

  /** Deletes a channel: it answers 10003 from now on. */
  deleteChannel(channelId: string): void {
    const channel = this.world.channels.get(channelId);
    if (channel) channel.deleted = true;
  }

  /** A guild by id (throws when unknown: a test bug). */
  guild(id: string): FakeGuild {
    const guild = this.world.guilds.get(id);
    if (!guild) throw new Error(`FakeDiscord: no guild ${id}`);
    return guild;
  }

  /** Sets a guild's upload limit in MiB (overrides its boost tier's limit). */
  setUploadLimitMiB(guildId: string, mib: number): void {
    this.guild(guildId).uploadLimitBytes = mib * MIB;
  }

  /** Makes an interaction token unusable (10062 on callback, 50027 on webhook routes). */
  expireInteraction(token: string): void {
    const interaction = this.world.interactions.get(token);
    if (interaction) interaction.expired = true;
  }

  /** Fails the next `times` requests matching `path` (and `method`) with `status` / `code`. */
  failRequests(failure: { method?: string; path: RegExp; status: number; code?: number; times?: number }): void {
    this.rest.fail(failure);
  }

  /**
   * Registers an interaction as if it had arrived and been deferred (type 5) by another
   * process: for notifier tests that need a live token without a gateway client.
   */
  seedDeferredInteraction(init: { channelId: string; userId: string; ephemeral?: boolean }): FakeInteraction {
    const interaction = this.newInteraction(2, init.channelId, init.userId, null);
    const channel = this.channel(init.channelId);
    const original = this.world.createMessage('original', channel, {}, [], interaction.id);
    original.flags = (init.ephemeral ? 64 : 0) | 128;
    interaction.callbackType = 5;
    interaction.callbackFlags = init.ephemeral ? 64 : 0;
    interaction.originalMessageId = original.id;
    this.changed();
    return interaction;
  }

  /** Dispatches a chat-input command over the gateway; throws if no client owns the guild. */
  injectSlashCommand(input: SlashCommandInjection): FakeInteraction {
    const interaction = this.newInteraction(2, input.channelId, input.userId, null);
    const name = input.commandName ?? 'veo';
    const commands = this.world.commands.get(interaction.guildId ?? 'global') ?? this.world.commands.get('global');
    const resolved: Record<string, unknown> = {};
    const files = Object.entries(input.attachments ?? {}).map(([option, init]) => {
      const id = this.world.snowflake();
      const entry = this.attachments.add(id, init, `http://127.0.0.1:${this.port}`);
      if (!init.unresolved) resolved[id] = entry;
      return { name: option, type: 11 as const, value: id };
    });
    const options = [...optionsFrom(input.options ?? {}, registeredOptionTypes(commands, name, input.subcommand)), ...files];
    const data = commandData(this.world.snowflake(), name, input.subcommand ? [{ name: input.subcommand, type: 1, options }] : options);
    const payload = {
      ...this.interactionPayload(interaction, input.attachmentSizeLimit ?? null, input.memberPermissions, input.memberRoles),
      data: Object.keys(resolved).length > 0 ? { ...data, resolved: { attachments: resolved } } : data,
    };
    this.dispatch(interaction, payload);
    return interaction;
  }

  /**
   * Dispatches an autocomplete interaction (type 4) for an option the bot registered with
   * `autocomplete: true`; the answer (type 8) is checked against the spec for that option's
   * type and recorded (see {@link autocompleteAnswerOf}). Throws if no client owns the guild.
   */
  injectAutocomplete(input: AutocompleteInjection): FakeInteraction {
    const name = input.commandName ?? 'veo';
    const commands = this.world.commands.get(this.channel(input.channelId).guildId ?? 'global') ?? this.world.commands.get('global');
    const focused = focusedOption(commands, input);
    const interaction = this.newInteraction(4, input.channelId, input.userId, null, focused.type);
    const filled = optionsFrom(input.options ?? {}, registeredOptionTypes(commands, name, input.subcommand));
    const options = [...filled, focused];
    const data = commandData(this.world.snowflake(), name, input.subcommand ? [{ name: input.subcommand, type: 1, options }] : options);
    this.dispatch(interaction, { ...this.interactionPayload(interaction, null, input.memberPermissions, input.memberRoles), data });
    return interaction;
  }

  /**
   * A user's message in a channel (not dispatched: the bot's Guilds intent hears of no
   * messages), with its files served at the URLs it reports, like Discord's CDN; the bot
   * cannot edit it (50005). For message commands to be used on.
   */
  postUserMessage(init: UserMessageInit): FakeMessage {
    const message = this.world.createMessage('channel', this.world.visibleChannel(init.channelId), { content: init.content ?? '' }, [], null);
    message.authorId = init.userId;
    message.attachments = (init.attachments ?? []).map((file) => {
      const id = this.world.snowflake();
      const served = this.attachments.add(id, file, `http://127.0.0.1:${this.port}`);
      return userAttachment(id, file, String(served['url']));
    });
    this.changed();
    return message;
  }

  /**
   * Dispatches a message command (type 2 APPLICATION_COMMAND, `data.type` 3) used on a message
   * of the fake, shaped like Discord's (the message in `data.resolved.messages`, its id in
   * `target_id`). Throws (a test bug) when no message command of that name is registered, the
   * message is unknown or deleted, or no gateway client owns the guild.
   */
  injectMessageCommand(input: MessageCommandInjection): FakeInteraction {
    const message = this.world.messages.find((m) => m.id === input.messageId && !m.deleted);
    if (!message) throw new Error(`FakeDiscord: no message ${input.messageId} to use a command on`);
    const name = input.commandName ?? 'Make a Veo video';
    const command = registeredMessageCommand(message.guildId ? this.world.commands.get(message.guildId) : undefined, this.world.commands.get('global'), name);
    const interaction = this.newInteraction(2, message.channelId, input.userId, null);
    const author = message.authorId ? this.world.user(message.authorId) : this.world.bot;
    const target = messageJson(message, author, this.world.applicationId);
    this.dispatch(interaction, { ...this.interactionPayload(interaction, null, input.memberPermissions, input.memberRoles), data: messageCommandData(command, name, message.guildId, target) });
    return interaction;
  }

  /** The choices the bot answered an autocomplete with, once it answered (undefined before). */
  autocompleteAnswerOf(interaction: FakeInteraction): readonly FakeChoice[] | undefined {
    return interaction.autocompleteChoices ?? undefined;
  }

  /** Attachments given to injected commands (URL, downloads, bytes served), by id. */
  attachmentsSent(): FakeServedAttachment[] {
    return [...this.attachments.all.values()];
  }

  /** Dispatches a click on a button of a message; throws if no client owns the guild. */
  injectButtonClick(input: ButtonClickInjection): FakeInteraction {
    const message = this.world.message(input.messageId);
    const interaction = this.newInteraction(3, message.channelId, input.userId, message.id);
    const payload = {
      ...this.interactionPayload(interaction, null, input.memberPermissions),
      data: buttonData(input.customId),
      message: messageJson(message, this.world.bot, this.world.applicationId),
    };
    this.dispatch(interaction, payload);
    return interaction;
  }

  /**
   * Dispatches the user's submit (type 5 MODAL_SUBMIT) of the modal the bot answered `from`
   * with: `data.custom_id` and `data.components` shaped like the modal (see
   * `modalSubmitComponents`), plus the message when the modal was opened from a button. Throws
   * (a test bug) when `from` was not answered with a modal or the values are ones Discord's
   * client would not let the user submit (an empty required input, over `max_length`).
   */
  injectModalSubmit(input: ModalSubmitInjection): FakeInteraction {
    const shown = this.world.interactions.get(input.from.token);
    if (!shown?.modal) throw new Error('FakeDiscord: that interaction was not answered with a modal, so there is nothing to submit');
    const components = modalSubmitComponents(shown.modal, input.values);
    const interaction = this.newInteraction(5, shown.channelId, input.userId ?? shown.userId, shown.sourceMessageId);
    const source = shown.sourceMessageId ? this.world.messages.find((m) => m.id === shown.sourceMessageId) : undefined;
    this.dispatch(interaction, {
      ...this.interactionPayload(interaction, null, input.memberPermissions),
      data: { custom_id: input.customId ?? shown.modal.customId, components },
      ...(source ? { message: messageJson(source, this.world.bot, this.world.applicationId) } : {}),
    });
    return interaction;
  }

  /** The modal the bot answered an interaction with (callback type 9), if it did. */
  modalOf(interaction: FakeInteraction): FakeInteraction['modal'] {
    return this.world.interactions.get(interaction.token)?.modal ?? null;
  }

  /** Live messages of a channel, in order (ephemeral ones included; see `flags & 64`). */
  messagesIn(channelId: string): FakeMessage[] {
    return this.world.messages.filter((m) => m.channelId === channelId && !m.deleted);
  }

  /** The original response (deferred reply) of an interaction, if any. */
  originalOf(interaction: FakeInteraction): FakeMessage | undefined {
    return this.world.messages.find((m) => m.id === interaction.originalMessageId);
  }

  /** Messages created for an interaction after its original response. */
  followUpsOf(interaction: FakeInteraction): FakeMessage[] {
    return this.world.messages.filter((m) => m.interactionId === interaction.id && m.kind === 'followup' && !m.deleted);
  }

  /** Resolves with `check()`'s first truthy value, re-checking after every request; rejects after `timeoutMs`. */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const test = (): boolean => {
        const value = check();
        if (!value) return false;
        cleanup();
        resolve(value);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error('FakeDiscord.waitFor: condition not met in time'));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.changes.off('change', test);
      };
      if (!test()) this.changes.on('change', test);
    });
  }

  private channel(id: string): FakeChannel {
    const channel = this.world.channels.get(id);
    if (!channel) throw new Error(`FakeDiscord: no channel ${id}`);
    return channel;
  }

  private channelsOf(guildId: string): FakeChannel[] {
    return [...this.world.channels.values()].filter((c) => c.guildId === guildId);
  }

  private newInteraction(type: 2 | 3 | 4 | 5, channelId: string, userId: string, sourceMessageId: string | null, focusedOptionType: number | null = null): FakeInteraction {
    const channel = this.channel(channelId);
    const id = this.world.snowflake();
    const interaction: FakeInteraction = {
      id,
      token: `fake-interaction-token-${id}`,
      applicationId: this.world.applicationId,
      type,
      channelId,
      guildId: channel.guildId,
      userId,
      sourceMessageId,
      callbackType: null,
      modal: null,
      focusedOptionType,
      autocompleteChoices: null,
      callbackFlags: 0,
      originalMessageId: null,
      expired: false,
      createdAt: this.world.now(),
    };
    this.world.interactions.set(interaction.token, interaction);
    return interaction;
  }

  private interactionPayload(interaction: FakeInteraction, sizeLimit: number | null, memberPermissions?: bigint | string, memberRoles?: readonly string[]): Record<string, unknown> {
    const member = { ...(memberPermissions === undefined ? {} : { memberPermissions: String(memberPermissions) }), ...(memberRoles ? { memberRoles } : {}) };
    return interactionBase(interaction, this.channel(interaction.channelId), this.world.user(interaction.userId), this.world.bot, sizeLimit, member);
  }

  private dispatch(interaction: FakeInteraction, payload: unknown): void {
    if (this.gateway.dispatch(interaction.guildId, 'INTERACTION_CREATE', payload) === 0) {
      throw new Error('FakeDiscord: no gateway client owns this guild (did the bot log in?)');
    }
  }

  private changed(): void {
    this.changes.emit('change');
  }
}
