import type { VideoRequest } from '../domain/video-request.js';
import type { AccessCheck, CompletedNotice, DeliveryResult, FailedNotice, Notifier, ProgressUpdate, VisibleFinal } from '../ports/notifier.js';

/** One notification as a user would have seen it. */
export type RecordedNotice =
  | { readonly kind: 'progress'; readonly requestId: string; readonly update: ProgressUpdate }
  | { readonly kind: 'completed'; readonly requestId: string; readonly notice: CompletedNotice; readonly attached: boolean }
  | { readonly kind: 'failed'; readonly requestId: string; readonly notice: FailedNotice };

/**
 * Notifier that records what it was asked to say. Channels in `goneChannels` are unreachable
 * (like Discord 10003/50013); `transientFailures` makes the next deliveries fail temporarily.
 */
export class RecordingNotifier implements Notifier {
  readonly notices: RecordedNotice[] = [];
  readonly goneChannels = new Set<string>();
  /** Attach videos up to this size (Discord's default upload limit). */
  attachmentLimitBytes = 10 * 1024 * 1024;
  transientFailures = 0;
  /** Throw instead of answering (a buggy adapter); core must survive it. */
  throwOnNotify = false;

  /** Completed and failed notices of one request (what the user saw as final answers). */
  finalsFor(requestId: string): RecordedNotice[] {
    return this.notices.filter((n) => n.requestId === requestId && n.kind !== 'progress');
  }

  /** Reads of the chat that fail ('unknown') before they succeed again (an unreadable channel: Infinity). */
  unreadableChecks = 0;

  async findDelivered(request: VideoRequest): Promise<VisibleFinal> {
    if (this.goneChannels.has(request.channelId)) return 'unknown';
    if (this.unreadableChecks > 0) {
      this.unreadableChecks -= 1;
      return 'unknown';
    }
    const last = this.finalsFor(request.id).at(-1);
    return last ? (last.kind === 'completed' ? 'completed' : 'failed') : 'none';
  }

  async checkAccess(request: VideoRequest): Promise<AccessCheck> {
    return this.goneChannels.has(request.channelId) ? { ok: false, detail: 'Unknown Channel (10003)' } : { ok: true };
  }

  async progress(request: VideoRequest, update: ProgressUpdate): Promise<void> {
    this.notices.push({ kind: 'progress', requestId: request.id, update });
  }

  private problem(request: VideoRequest): DeliveryResult | null {
    if (this.throwOnNotify) throw new Error('notifier exploded');
    if (this.goneChannels.has(request.channelId)) {
      return { delivered: false, reason: 'undeliverable', detail: 'Unknown Channel (10003)' };
    }
    if (this.transientFailures > 0) {
      this.transientFailures -= 1;
      return { delivered: false, reason: 'transient', detail: 'Discord 503' };
    }
    return null;
  }

  async completed(request: VideoRequest, notice: CompletedNotice): Promise<DeliveryResult> {
    const problem = this.problem(request);
    if (problem) return problem;
    const attached = notice.video.sizeBytes <= this.attachmentLimitBytes;
    if (attached) for await (const _chunk of notice.video.open());
    this.notices.push({ kind: 'completed', requestId: request.id, notice, attached });
    return { delivered: true, via: notice.route, attached };
  }

  async failed(request: VideoRequest, notice: FailedNotice): Promise<DeliveryResult> {
    const problem = this.problem(request);
    if (problem) return problem;
    this.notices.push({ kind: 'failed', requestId: request.id, notice });
    return { delivered: true, via: notice.route };
  }
}
