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

  /** The interaction of `token`; expired or unknown → `expiredCode`. */
  interaction(token: string, expiredCode: number): FakeInteraction {
    const interaction = this.interactions.get(token);
    if (!interaction || interaction.expired) throw new FakeApiError(expiredCode);
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

  /** Creates a message; a channel post with `enforce_nonce` and a known nonce returns the earlier one. */
  createMessage(kind: FakeMessageKind, channel: FakeChannel, json: unknown, files: readonly UploadedFile[], interactionId: string | null): FakeMessage {
    const body = asBody(json);
    const nonce = body.nonce === undefined ? null : String(body.nonce);
    if (kind === 'channel' && nonce !== null && body.enforce_nonce) {
      const earlier = this.messages.find((m) => m.channelId === channel.id && m.kind === 'channel' && m.nonce === nonce);
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
