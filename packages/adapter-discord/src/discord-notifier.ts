import { Routes, type APIMessage, type RequestData, type REST } from 'discord.js';
import { DEFAULT_MODEL_ID, LogEvents, VEO_MODELS, describeError, extensionRefusal } from '@veo-bot/core';
import type { AccessCheck, CompletedNotice, DeliverableVideo, DeliveryResult, FailedNotice, Fence, InteractionContext, Logger, ModelCapabilities, ModelPolicy, NoticeRoute, Notifier, ProgressUpdate, VideoRequest, VisibleFinal } from '@veo-bot/core';
import { checkChannelAccess } from './channel-access.js';
import { againCustomId } from './custom-ids.js';
import { classifyDiscordError, type DiscordFailure } from './discord-errors.js';
import { GuildDirectory } from './guild-directory.js';
import { STATUS_DONE, STATUS_FAILED, cancelRow, completionBody, failureBody, progressText, type MessageBody } from './message-builders.js';
import { safeCompletionBody, safeFailureBody } from './safe-notices.js';
import { messageNonce, type NonceKind } from './nonce.js';
import { createDiscordRest } from './rest-client.js';
import { streamedFilesRequest, type StreamedFile } from './streamed-upload.js';

/** Options of {@link DiscordNotifier}. */
export interface DiscordNotifierOptions {
  readonly logger: Logger;
  /** Bot token (channel posts, lookups). Never logged. Ignored when `rest` is given. */
  readonly token?: string;
  /** Discord API base URL without `/v10` (default https://discord.com/api). Ignored when `rest` is given. */
  readonly apiBaseUrl?: string;
  /** An existing REST client to share (e.g. the bot's `client.rest`). */
  readonly rest?: REST;
  /** Guild facts cache; share the bot's so exact upload limits from interactions are used. */
  readonly guilds?: GuildDirectory;
  /** The models offered (an operator's `VEO_MODEL_CATALOG` included): messages name them by label. */
  readonly models?: readonly ModelCapabilities[];
  /**
   * The models offered and the default, as core has them: a delivered video gets an Extend
   * button when core's `extensionRefusal` under it finds nothing against it. Its models also
   * name models in messages when `models` is not given. Default: `models`, else the built-in ones.
   */
  readonly policy?: ModelPolicy;
}

type Sent = { readonly ok: true; readonly via: NoticeRoute } | { readonly ok: false; readonly failure: DiscordFailure };

const NO_PINGS = { parse: [] };

/** The announcing post was not made: another instance owns the request now. */
const FENCED: Sent = { ok: false, failure: { kind: 'transient', detail: 'Another instance owns this request now; not posted', code: null, status: null } };

/**
 * The request data of a message body with or without files; files are streamed as the request
 * is sent, with the `attachments` entry of each (ids are strings, as Discord's spec says and
 * discord.js sends them).
 */
function withFiles(body: object, files: readonly StreamedFile[] | undefined): Pick<RequestData, 'body' | 'headers' | 'passThroughBody'> {
  if (!files) return { body };
  return streamedFilesRequest({ ...body, attachments: files.map((f, i) => ({ id: String(i), filename: f.name })) }, files);
}

/**
 * Core's {@link Notifier} on Discord's REST API only: it works in a process that never
 * connects to the gateway. Progress edits the deferred reply; completions and failures are
 * new messages (edits never ping): a follow-up while the interaction token lives, else a
 * channel post carrying a nonce derived from the request id with `enforce_nonce`.
 */
export class DiscordNotifier implements Notifier {
  private readonly rest: REST;
  private readonly guilds: GuildDirectory;
  private readonly logger: Logger;
  private readonly models: readonly ModelCapabilities[] | undefined;
  private readonly policy: ModelPolicy;

  constructor(options: DiscordNotifierOptions) {
    this.rest = options.rest ?? createDiscordRest({ ...(options.token ? { token: options.token } : {}), ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}) });
    this.guilds = options.guilds ?? new GuildDirectory(this.rest);
    this.models = options.models ?? options.policy?.models;
    this.policy = options.policy ?? { models: options.models ?? VEO_MODELS, defaultModel: DEFAULT_MODEL_ID };
    this.logger = options.logger;
  }

  /** GET /channels/ID plus the bot's computed permission to send there. */
  async checkAccess(request: VideoRequest): Promise<AccessCheck> {
    return checkChannelAccess(this.rest, this.guilds, request.channelId);
  }

  /**
   * Looks through the channel's latest messages for this request's final message (a send that
   * reached Discord before the previous process died, or whose answer was lost) and tells which
   * it is: a completion carries the Again button. Unreadable → 'unknown' (core decides).
   */
  async findDelivered(request: VideoRequest): Promise<VisibleFinal> {
    try {
      const recent = (await this.rest.get(Routes.channelMessages(request.channelId), { query: new URLSearchParams({ limit: '100' }) })) as APIMessage[];
      const marker = `Request ${request.id}`;
      const again = againCustomId(request.id);
      const mine = recent.filter((m) => m.content.includes(`<@${request.userId}>`) && m.embeds.some((e) => e.footer?.text?.includes(marker)));
      if (mine.length === 0) return 'none';
      // Newest first, as Discord lists them.
      const hasAgain = (m: APIMessage) => (m.components ?? []).some((row) => 'components' in row && row.components.some((c) => 'custom_id' in c && c.custom_id === again));
      return hasAgain(mine[0]!) ? 'completed' : 'failed';
    } catch (error) {
      this.logger.warn('Could not read recent messages', { request_id: request.id, channel_id: request.channelId, detail: classifyDiscordError(error, false).detail });
      return 'unknown';
    }
  }

  /**
   * Edits the deferred reply; on the channel route progress is not shown (one post per update
   * would be spam). While queued it carries a Cancel button; from the start on it has none
   * (Google bills an accepted start, so there is nothing left to cancel).
   */
  async progress(request: VideoRequest, update: ProgressUpdate): Promise<void> {
    if (update.route !== 'interaction' || !request.interaction) return;
    try {
      await this.editOriginal(request.interaction, progressText(update), update.stage === 'queued' ? [cancelRow(request.id)] : []);
    } catch (error) {
      this.logger.debug('Progress update not shown', { request_id: request.id, detail: classifyDiscordError(error, true).detail });
    }
  }

  /** Announces a finished video: attached when it fits the guild's upload limit, else linked. */
  async completed(request: VideoRequest, notice: CompletedNotice): Promise<DeliveryResult> {
    try {
      const limit = await this.guilds.uploadLimit(request.guildId);
      let attached = notice.video.sizeBytes <= limit;
      const files = attached ? [videoFile(notice.video)] : undefined;
      const extendable = extensionRefusal(request, this.policy) === null;
      const body = (attach: boolean) => completionBody(request, notice, attach, limit, this.models, extendable);
      let sent = await this.send(request, notice.route, 'completed', body(attached), files, STATUS_DONE, notice.fence);
      if (!sent.ok && sent.failure.kind === 'too-large' && attached) {
        this.logger.info('Video rejected as too large; sending a link', { request_id: request.id, size_bytes: notice.video.sizeBytes });
        attached = false;
        sent = await this.send(request, notice.route, 'completed', body(false), undefined, STATUS_DONE, notice.fence);
      }
      if (!sent.ok && sent.failure.kind === 'invalid-payload') {
        attached = false;
        sent = await this.sendSafe(request, notice.route, 'completed', safeCompletionBody(request, notice), STATUS_DONE, sent.failure, notice.fence);
      }
      return this.outcome(request, sent, attached);
    } catch (error) {
      return this.unexpected(request, error);
    }
  }

  /** Announces a failure with the reason, the `/veo` hint and, when retryable, a Retry button. */
  async failed(request: VideoRequest, notice: FailedNotice): Promise<DeliveryResult> {
    try {
      let sent = await this.send(request, notice.route, 'failed', failureBody(request, notice, this.models), undefined, STATUS_FAILED, notice.fence);
      if (!sent.ok && sent.failure.kind === 'invalid-payload') {
        sent = await this.sendSafe(request, notice.route, 'failed', safeFailureBody(request, notice), STATUS_FAILED, sent.failure, notice.fence);
      }
      return this.outcome(request, sent, undefined);
    } catch (error) {
      return this.unexpected(request, error);
    }
  }

  /**
   * Once, after Discord refused the full message for its form: the minimal notice, so the user
   * still gets one final message. Same route and nonce (the refused message does not exist). If
   * even that is refused, nothing will ever pass: undeliverable, never transient.
   */
  private async sendSafe(request: VideoRequest, route: NoticeRoute, kind: NonceKind, body: MessageBody, status: string, refused: DiscordFailure, fence?: Fence): Promise<Sent> {
    this.logger.warn('Notification refused by Discord; sending a minimal notice', { request_id: request.id, channel_id: request.channelId, detail: refused.detail, code: refused.code });
    return this.send(request, route, kind, body, undefined, status, fence);
  }

  private async send(request: VideoRequest, route: NoticeRoute, kind: NonceKind, body: MessageBody, files: StreamedFile[] | undefined, status: string, fence?: Fence): Promise<Sent> {
    if (route !== 'channel' && request.interaction) {
      const sent = route === 'in-place' ? await this.inPlace(request.interaction, body, files) : await this.followUp(request.interaction, body, files, status, fence);
      if (sent.ok || sent.failure.kind !== 'token-expired') return sent;
      this.logger.info('Interaction token expired; posting to the channel instead', { request_id: request.id, channel_id: request.channelId, detail: sent.failure.detail });
    }
    if (fence && !(await fence())) return FENCED;
    try {
      await this.rest.post(Routes.channelMessages(request.channelId), withFiles({ ...body, nonce: messageNonce(request.id, kind), enforce_nonce: true }, files));
      return { ok: true, via: 'channel' };
    } catch (error) {
      return { ok: false, failure: classifyDiscordError(error, false) };
    }
  }

  private async followUp(ctx: InteractionContext, body: MessageBody, files: StreamedFile[] | undefined, status: string, fence?: Fence): Promise<Sent> {
    try {
      // Settle the status message first: Discord turns a follow-up sent while the deferred
      // reply still shows "thinking…" into an edit of that reply, and an edit never pings.
      await this.editOriginal(ctx, status);
    } catch (error) {
      const failure = classifyDiscordError(error, true);
      if (failure.kind === 'token-expired') return { ok: false, failure };
    }
    // The edit may have taken long: still ours, right before the announcing post?
    if (fence && !(await fence())) return FENCED;
    try {
      await this.rest.post(Routes.webhook(ctx.applicationId, ctx.token), { auth: false, query: new URLSearchParams({ wait: 'true' }), ...withFiles(body, files) });
      return { ok: true, via: 'interaction' };
    } catch (error) {
      return { ok: false, failure: classifyDiscordError(error, true) };
    }
  }

  /** The reply itself shows the outcome (core's 'in-place': a follow-up may already be there; an edit is idempotent). */
  private async inPlace(ctx: InteractionContext, body: MessageBody, files: StreamedFile[] | undefined): Promise<Sent> {
    try {
      await this.rest.patch(Routes.webhookMessage(ctx.applicationId, ctx.token, '@original'), { auth: false, ...withFiles(body, files) });
      return { ok: true, via: 'in-place' };
    } catch (error) {
      return { ok: false, failure: classifyDiscordError(error, true) };
    }
  }

  /** Edits the interaction's status message; its buttons go (a Cancel button is only for a queued request) unless `components` says otherwise. */
  private async editOriginal(ctx: InteractionContext, content: string, components: MessageBody['components'] = []): Promise<void> {
    await this.rest.patch(Routes.webhookMessage(ctx.applicationId, ctx.token, '@original'), { auth: false, body: { content, components, allowed_mentions: NO_PINGS } });
  }

  private outcome(request: VideoRequest, sent: Sent, attached: boolean | undefined): DeliveryResult {
    if (sent.ok) return attached === undefined ? { delivered: true, via: sent.via } : { delivered: true, via: sent.via, attached };
    const fields = { request_id: request.id, channel_id: request.channelId, guild_id: request.guildId, detail: sent.failure.detail, code: sent.failure.code };
    if (sent.failure.kind === 'invalid-payload') {
      this.logger.error('Minimal notice refused by Discord too; giving up', fields);
      return { delivered: false, reason: 'undeliverable', detail: sent.failure.detail };
    }
    if (sent.failure.kind === 'undeliverable') {
      this.logger.warn(LogEvents.channelInaccessible, fields);
      return { delivered: false, reason: 'undeliverable', detail: sent.failure.detail };
    }
    this.logger.warn(LogEvents.notificationFailed, fields);
    return { delivered: false, reason: 'transient', detail: sent.failure.detail };
  }

  private unexpected(request: VideoRequest, error: unknown): DeliveryResult {
    this.logger.error(LogEvents.notificationFailed, { request_id: request.id, channel_id: request.channelId, ...describeError(error) });
    return { delivered: false, reason: 'transient', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** The video as an attachment read from the store while it is uploaded, never whole in memory. */
function videoFile(video: DeliverableVideo): StreamedFile {
  return { name: video.fileName, contentType: video.mimeType, sizeBytes: video.sizeBytes, open: () => video.open() };
}
