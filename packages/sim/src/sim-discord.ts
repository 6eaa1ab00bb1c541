import { INTERACTION_TOKEN_TTL_MS, type VideoRequest } from '@veo-bot/core';
import type { DiscordProfile } from './profile.js';
import type { SimRandom } from './random.js';
import { shortId } from './trace.js';

/** Which final message of a request (the adapter derives its nonce from id + kind). */
export type MessageKind = 'completed' | 'failed';

/** A message as users see it in the channel. */
export interface PostedMessage {
  readonly requestId: string;
  readonly channelId: string;
  readonly kind: MessageKind;
  /** The one user the message pings. */
  readonly mention: string;
  readonly via: 'interaction' | 'channel';
  readonly at: number;
  readonly by: string;
}

/** A REST answer as the adapter would classify it. */
export type RestAnswer = { readonly ok: true } | { readonly ok: false; readonly error: 'transient' | 'unknown-channel' | 'missing-permissions' | 'token-expired' };

/** What the simulated Discord needs from its world. */
export interface DiscordWorld {
  readonly random: SimRandom;
  now(): number;
  note(who: string, text: string): void;
}

/** Discord keeps a nonce for a few minutes; the repository's strict fake uses 5. */
export const NONCE_WINDOW_MS = 5 * 60_000;
const OK: RestAnswer = { ok: true };

/**
 * Discord's REST API as the bot meets it: interaction tokens that expire 15 minutes after the
 * interaction, follow-ups (no nonce: Discord cannot deduplicate them), channel posts
 * deduplicated by nonce within a window, 5xx, answers lost after the message was posted,
 * channels that vanish and permissions that are taken away.
 */
export class SimDiscord {
  readonly messages: PostedMessage[] = [];
  /** Outcomes shown by editing a request's status message, by request id. */
  readonly inPlace = new Map<string, MessageKind>();
  private readonly interactions = new Map<string, number>();
  private readonly gone = new Set<string>();
  private readonly noSend = new Set<string>();
  private readonly nonces = new Map<string, number>();

  constructor(
    private readonly world: DiscordWorld,
    private readonly odds: DiscordProfile,
    private readonly sabotage?: string,
  ) {}

  /** A line in the trace. */
  note(who: string, text: string): void {
    this.world.note(who, text);
  }

  /** A user's slash command or button click arrived now. */
  openInteraction(token: string): void {
    this.interactions.set(token, this.world.now());
  }

  deleteChannel(channelId: string): void {
    this.gone.add(channelId);
  }

  revokeSend(channelId: string): void {
    this.noSend.add(channelId);
  }

  /** Whether a channel ever became unusable for the bot. */
  channelHurt(channelId: string): boolean {
    return this.gone.has(channelId) || this.noSend.has(channelId);
  }

  /** GET /channels/ID with the bot's permissions. */
  channel(channelId: string): RestAnswer {
    if (this.gone.has(channelId)) return { ok: false, error: 'unknown-channel' };
    if (this.flaky()) return { ok: false, error: 'transient' };
    return this.noSend.has(channelId) ? { ok: false, error: 'missing-permissions' } : OK;
  }

  /** PATCH the interaction's original response (status text; never a final message). */
  editOriginal(token: string): RestAnswer {
    if (this.expired(token)) return { ok: false, error: 'token-expired' };
    return this.flaky() ? { ok: false, error: 'transient' } : OK;
  }

  /**
   * PATCH the interaction's original response with the final message itself (core's 'in-place'):
   * idempotent, pings nobody, needs no channel permission. The last such edit is what users see.
   */
  showInPlace(token: string, request: VideoRequest, kind: MessageKind, by: string): RestAnswer {
    if (this.expired(token)) return { ok: false, error: 'token-expired' };
    if (this.gone.has(request.channelId)) return { ok: false, error: 'unknown-channel' };
    if (this.flaky()) return { ok: false, error: 'transient' };
    this.inPlace.set(request.id, kind);
    this.world.note(by, `discord: ${kind} outcome of ${shortId(request.id)} shown in its status message in ${request.channelId}`);
    return this.lost() ? { ok: false, error: 'transient' } : OK;
  }

  /** POST a follow-up through the interaction webhook (no nonce, no permission needed). */
  followUp(token: string, request: VideoRequest, kind: MessageKind, by: string): RestAnswer {
    if (this.expired(token)) return { ok: false, error: 'token-expired' };
    if (this.gone.has(request.channelId)) return { ok: false, error: 'unknown-channel' };
    if (this.flaky()) return { ok: false, error: 'transient' };
    this.post(request, kind, 'interaction', by);
    if (this.sabotage === 'double-send') this.post(request, kind, 'interaction', by);
    return this.lost() ? { ok: false, error: 'transient' } : OK;
  }

  /** POST /channels/ID/messages with `nonce` + `enforce_nonce`. */
  channelPost(request: VideoRequest, kind: MessageKind, by: string): RestAnswer {
    if (this.gone.has(request.channelId)) return { ok: false, error: 'unknown-channel' };
    if (this.noSend.has(request.channelId)) return { ok: false, error: 'missing-permissions' };
    if (this.flaky()) return { ok: false, error: 'transient' };
    const key = `${request.channelId}|${request.id}:${kind}`;
    const seen = this.nonces.get(key);
    const now = this.world.now();
    if (seen !== undefined && now - seen < NONCE_WINDOW_MS && this.sabotage !== 'double-send') {
      this.world.note(by, `discord: nonce of ${shortId(request.id)} ${kind} seen ${(now - seen) / 1000}s ago, earlier message returned`);
      return OK;
    }
    this.nonces.set(key, now);
    this.post(request, kind, 'channel', by);
    if (this.sabotage === 'double-send') this.post(request, kind, 'channel', by);
    return this.lost() ? { ok: false, error: 'transient' } : OK;
  }

  /** GET /channels/ID/messages?limit=100: null when it cannot be read. */
  history(channelId: string): readonly PostedMessage[] | null {
    if (this.gone.has(channelId) || this.noSend.has(channelId) || this.flaky()) {
      this.world.note('discord', `history of ${channelId} could not be read`);
      return null;
    }
    return this.messages.filter((m) => m.channelId === channelId).slice(-100);
  }

  private post(request: VideoRequest, kind: MessageKind, via: 'interaction' | 'channel', by: string): void {
    this.messages.push({ requestId: request.id, channelId: request.channelId, kind, mention: request.userId, via, at: this.world.now(), by });
    this.world.note(by, `discord: ${kind} message for ${shortId(request.id)} posted via ${via} to ${request.channelId}, pings ${request.userId}`);
  }

  private expired(token: string): boolean {
    const at = this.interactions.get(token);
    return at === undefined || this.world.now() - at >= INTERACTION_TOKEN_TTL_MS;
  }

  private flaky(): boolean {
    return this.world.random.chance(this.odds.serverError);
  }

  private lost(): boolean {
    const lost = this.world.random.chance(this.odds.lostAnswer);
    if (lost) this.world.note('discord', 'answer lost after the message was posted');
    return lost;
  }
}
