import type { AccessCheck, CompletedNotice, DeliveryResult, FailedNotice, Fence, NoticeRoute, Notifier, ProgressUpdate, VideoRequest, VisibleFinal } from '@veo-bot/core';
import type { Gate } from './gate.js';
import type { MessageKind, RestAnswer, SimDiscord } from './sim-discord.js';
import { shortId } from './trace.js';

/** Like the adapter: the announcing post was not made, another instance owns the request now. */
const FENCED: DeliveryResult = { delivered: false, reason: 'transient', detail: 'Another instance owns this request now; not posted' };

const DETAIL: Record<string, string> = {
  transient: 'Discord 503 / connection reset',
  'unknown-channel': 'Unknown Channel (10003)',
  'missing-permissions': 'Missing Permissions (50013)',
  'token-expired': 'Unknown Webhook (10015)',
};

/**
 * Core's Notifier on the simulated Discord, making the same REST calls in the same order as
 * `DiscordNotifier` (packages/adapter-discord): settle the status message, follow up through the
 * interaction while its token lives, else (or when it turns out expired) post to the channel
 * with the request's nonce; 10003 / 50013 are permanent, everything else transient.
 */
export class SimDiscordNotifier implements Notifier {
  constructor(
    private readonly discord: SimDiscord,
    private readonly gate: Gate,
  ) {}

  async checkAccess(request: VideoRequest): Promise<AccessCheck> {
    const answer = await this.gate.call('discord.getChannel', () => this.discord.channel(request.channelId));
    // Like the adapter: only a definite answer says "no"; a hiccup says "ok".
    if (answer.ok || answer.error === 'transient') return { ok: true };
    return { ok: false, detail: DETAIL[answer.error] ?? answer.error };
  }

  async findDelivered(request: VideoRequest): Promise<VisibleFinal> {
    const recent = await this.gate.call('discord.history', () => this.discord.history(request.channelId));
    if (recent === null) return 'unknown';
    const last = recent.filter((m) => m.requestId === request.id && m.mention === request.userId).at(-1);
    return last ? last.kind : 'none';
  }

  async progress(request: VideoRequest, update: ProgressUpdate): Promise<void> {
    const ctx = request.interaction;
    if (update.route !== 'interaction' || !ctx) return;
    await this.gate.call('discord.editOriginal', () => this.discord.editOriginal(ctx.token));
  }

  completed(request: VideoRequest, notice: CompletedNotice): Promise<DeliveryResult> {
    return this.send(request, notice.route, 'completed', notice.fence);
  }

  failed(request: VideoRequest, notice: FailedNotice): Promise<DeliveryResult> {
    // The reason is what the user reads; the trace names it when it is not the row's own.
    if (notice.reason !== request.errorMessage) this.discord.note(this.gate.name, `failure notice for ${shortId(request.id)}: "${notice.reason.slice(0, 60)}"`);
    return this.send(request, notice.route, 'failed', notice.fence);
  }

  private async send(request: VideoRequest, route: NoticeRoute, kind: MessageKind, fence?: Fence): Promise<DeliveryResult> {
    const ctx = request.interaction;
    if (route === 'in-place' && ctx) {
      const edited = await this.gate.call('discord.editOriginal', () => this.discord.showInPlace(ctx.token, request, kind, this.gate.name));
      if (edited.ok || edited.error !== 'token-expired') return outcome(edited, 'in-place');
    }
    if (route === 'interaction' && ctx) {
      const edited = await this.gate.call('discord.editOriginal', () => this.discord.editOriginal(ctx.token));
      if (edited.ok || edited.error !== 'token-expired') {
        if (fence && !(await fence())) return FENCED;
        const sent = await this.gate.call('discord.followUp', () => this.discord.followUp(ctx.token, request, kind, this.gate.name));
        if (sent.ok || sent.error !== 'token-expired') return outcome(sent, 'interaction');
      }
    }
    if (fence && !(await fence())) return FENCED;
    const posted = await this.gate.call('discord.createMessage', () => this.discord.channelPost(request, kind, this.gate.name));
    return outcome(posted, 'channel');
  }
}

function outcome(answer: RestAnswer, via: NoticeRoute): DeliveryResult {
  if (answer.ok) return { delivered: true, via };
  const detail = DETAIL[answer.error] ?? answer.error;
  return { delivered: false, reason: answer.error === 'transient' ? 'transient' : 'undeliverable', detail };
}
