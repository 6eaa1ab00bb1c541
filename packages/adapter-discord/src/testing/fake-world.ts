import type { APIAllowedMentions, APIEmbed } from 'discord.js';
import type { UploadedFile } from './http-body.js';
import type { FakeUser } from './fake-payloads.js';
import { uploadLimitForTier, type FakeChannel, type FakeGuild, type FakeInteraction, type FakeMessage, type FakeMessageKind } from './fake-state.js';

/** A Discord error the fake answers with (status comes from the code). */
export class FakeApiError extends Error {
  constructor(readonly code: number) {
    super(`Discord error ${code}`);
  }
}

/** The message fields a REST body may set. */
interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: unknown[];
  allowed_mentions?: APIAllowedMentions;
  flags?: number;
  attachments?: { id: string | number }[];
  nonce?: string | number;
  enforce_nonce?: boolean;
}

const asBody = (json: unknown): MessageBody => (json && typeof json === 'object' ? (json as MessageBody) : {});

/**
 * Discord's clocks (discord.com/developers/docs/interactions/receiving-and-responding, checked
 * 2026-12-01): an interaction must be acknowledged within 3 seconds, else its callback answers
 * 10062 Unknown interaction; its token then works for 15 minutes, after which webhook routes
 * answer 401 / 50027 Invalid Webhook Token. `enforce_nonce` checks the nonce "in the past few
 * minutes" (resources/message#create-message): the fake takes 5.
 */
export const INTERACTION_ACK_DEADLINE_MS = 3_000;
/** How long an interaction token works for webhooks (edits, follow-ups). */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60_000;
/** How far back `enforce_nonce` looks for the same nonce. */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** The fake's state: guilds, channels, messages, interactions; every rule Discord applies to them. */
export class FakeWorld {
  readonly guilds = new Map<string, FakeGuild>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages: FakeMessage[] = [];
  /** Keyed by interaction token. */
  readonly interactions = new Map<string, FakeInteraction>();
  readonly users = new Map<string, FakeUser>();
  /** Registered commands by scope: `global` or a guild id. */
  readonly commands = new Map<string, unknown[]>();
  private counter = 0n;

  constructor(
    readonly applicationId: string,
    readonly bot: FakeUser,
    readonly ownerId: string,
    /** The fake's clock (ms); tests inject one to cross the deadlines without waiting. */
    readonly now: () => number = Date.now,
  ) {}

  /** A fresh snowflake (increasing, spread over shards like real ids). */
  snowflake(): string {
    this.counter += 1n;
    return ((1_300_000_000_000n << 22n) + (this.counter << 22n) + this.counter).toString();
  }

  /** A user known to the fake (created on first use). */
  user(id: string): FakeUser {
    let user = this.users.get(id);
    if (!user) {
      user = { id, username: `user${id.slice(-4)}` };
      this.users.set(id, user);
    }
    return user;
  }

  /** The channel, or 10003 when unknown or deleted, 50001 when the bot cannot see it. */
  visibleChannel(id: string): FakeChannel {
    const channel = this.channels.get(id);
    if (!channel || channel.deleted) throw new FakeApiError(10003);
    if (!channel.canView) throw new FakeApiError(50001);
    return channel;
  }

  /** The interaction of `token` for its callback: unknown, expired or past the 3-second deadline → 10062. */
  interactionToAcknowledge(token: string): FakeInteraction {
    const interaction = this.interactions.get(token);
    if (!interaction || interaction.expired || this.now() - interaction.createdAt > INTERACTION_ACK_DEADLINE_MS) throw new FakeApiError(10062);
    return interaction;
  }

  /** The interaction of `token` for webhook routes: unknown, expired or older than 15 minutes → 50027. */
  interactionForWebhook(token: string): FakeInteraction {
    const interaction = this.interactions.get(token);
    if (!interaction || interaction.expired || this.now() - interaction.createdAt > INTERACTION_TOKEN_LIFETIME_MS) throw new FakeApiError(50027);
    return interaction;
  }

  /** The upload limit enforced in a channel. */
  uploadLimit(channel: FakeChannel): number {
    const guild = channel.guildId ? this.guilds.get(channel.guildId) : undefined;
    if (!guild) return uploadLimitForTier(0);
    return guild.uploadLimitBytes ?? uploadLimitForTier(guild.premiumTier);
  }

  /** 40005 when the files exceed the channel's limit. */
  checkUploadSize(channel: FakeChannel, files: readonly UploadedFile[]): void {
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total > this.uploadLimit(channel)) throw new FakeApiError(40005);
  }

  /** Creates a message; a channel post with `enforce_nonce` and a nonce seen in the last few minutes returns the earlier one. */
  createMessage(kind: FakeMessageKind, channel: FakeChannel, json: unknown, files: readonly UploadedFile[], interactionId: string | null): FakeMessage {
    const body = asBody(json);
    const nonce = body.nonce === undefined ? null : String(body.nonce);
    if (kind === 'channel' && nonce !== null && body.enforce_nonce) {
      const since = this.now() - NONCE_WINDOW_MS;
      // Channel posts are all the bot's own: "the same author".
      const earlier = this.messages.find((m) => m.channelId === channel.id && m.kind === 'channel' && m.nonce === nonce && m.createdAt >= since);
      if (earlier) return earlier;
    }
    const message: FakeMessage = {
      id: this.snowflake(),
      channelId: channel.id,
      guildId: channel.guildId,
      kind,
      interactionId,
      content: '',
      embeds: [],
      attachments: [],
      components: [],
      allowedMentions: null,
      flags: 0,
      nonce,
      deleted: false,
      editCount: 0,
      createdAt: this.now(),
    };
    this.applyBody(message, body, files);
    this.messages.push(message);
    return message;
  }

  /** Applies an edit. */
  editMessage(message: FakeMessage, json: unknown, files: readonly UploadedFile[]): FakeMessage {
    this.applyBody(message, asBody(json), files);
    message.flags &= ~128;
    message.editCount += 1;
    return message;
  }

  /** A live message by id, or 10008. */
  message(id: string): FakeMessage {
    const message = this.messages.find((m) => m.id === id && !m.deleted);
    if (!message) throw new FakeApiError(10008);
    return message;
  }

  private applyBody(message: FakeMessage, body: MessageBody, files: readonly UploadedFile[]): void {
    if (body.content !== undefined) message.content = body.content ?? '';
    if (body.embeds !== undefined) message.embeds = body.embeds ?? [];
    if (body.components !== undefined) message.components = body.components ?? [];
    if (body.allowed_mentions !== undefined) message.allowedMentions = body.allowed_mentions ?? null;
    // Ephemeral is fixed at creation; an edit clears the "thinking…" (loading) state.
    if (body.flags !== undefined) message.flags = (body.flags ?? 0) | (message.flags & 64);
    if (files.length > 0) {
      message.attachments = files.map((f) => ({ id: this.snowflake(), filename: f.filename, size: f.size, contentType: f.contentType, ...(f.bytes ? { bytes: f.bytes } : {}) }));
    } else if (body.attachments !== undefined) {
      const keep = new Set((body.attachments ?? []).map((a) => String(a.id)));
      message.attachments = message.attachments.filter((a) => keep.has(a.id));
    }
  }
}
