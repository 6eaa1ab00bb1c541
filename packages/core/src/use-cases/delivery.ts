import { describeError } from '../domain/errors.js';
import { LogEvents } from '../domain/messages.js';
import { type NotifyOutcome, type VideoRequest, interactionUsable } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryResult, DeliveryRoute, Notifier } from '../ports/notifier.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { VideoStore } from '../ports/video-store.js';
import type { CancelSignal } from '../scheduler/cancel.js';
import { backoffDelay } from '../scheduler/backoff.js';
import { RequestWriter } from './request-writer.js';
import type { UnstoredWrites } from './unstored-writes.js';

/** Tuning of notification delivery. */
export interface DeliveryOptions {
  /** Attempts when Discord fails temporarily (5xx / network) before leaving it to the next resume. */
  readonly attempts: number;
  readonly backoffMs: number;
}

/**
 * Tells the user how their request ended, exactly once: after the terminal transition,
 * recorded with `notified_at`; a lost notification is delivered again by resume.
 */
export class NotificationDelivery {
  private readonly writer: RequestWriter;
  private readonly options: DeliveryOptions;

  constructor(
    private readonly deps: {
      repo: RequestRepository;
      notifier: Notifier;
      store: VideoStore;
      clock: Clock;
      logger: Logger;
      unstored?: UnstoredWrites;
      deliveryOptions?: Partial<DeliveryOptions>;
    },
  ) {
    this.writer = new RequestWriter(deps);
    this.options = { attempts: 3, backoffMs: 2_000, ...deps.deliveryOptions };
  }

  /** Which way to reach the user now. */
  route(request: VideoRequest): DeliveryRoute {
    return interactionUsable(request, this.deps.clock.now()) ? 'interaction' : 'channel';
  }

  /**
   * For a finished request found unannounced (resume): if its message is already visible — the
   * previous process sent it and died before recording that — record it instead of sending again.
   */
  async deliverUnlessVisible(request: VideoRequest, resumed: boolean, signal?: CancelSignal): Promise<boolean> {
    const visible = await this.deps.notifier.findDelivered?.(request).catch((error: unknown) => {
      this.deps.logger.warn('Could not check for an earlier notification', { request_id: request.id, ...describeError(error) });
      return false;
    });
    if (visible) {
      this.deps.logger.info('Notification already visible; recorded without sending again', { request_id: request.id });
      return this.record(request, 'delivered');
    }
    return this.deliver(request, resumed, signal);
  }

  /** Delivers the final message of a terminal request; true when the user was told (or cannot be). */
  async deliver(request: VideoRequest, resumed: boolean, signal?: CancelSignal): Promise<boolean> {
    for (let attempt = 0; attempt < this.options.attempts; attempt++) {
      const result = await this.sendOnce(request, resumed);
      if (result.delivered) return this.record(request, 'delivered');
      if (result.reason === 'undeliverable') {
        this.deps.logger.warn(LogEvents.channelInaccessible, { request_id: request.id, channel_id: request.channelId, guild_id: request.guildId, detail: result.detail });
        return this.record(request, 'undeliverable');
      }
      this.deps.logger.warn(LogEvents.notificationFailed, { request_id: request.id, attempt: attempt + 1, detail: result.detail });
      if (signal?.cancelled) break;
      await this.deps.clock.sleep(backoffDelay(attempt, this.options.backoffMs, 30_000), signal);
    }
    return false;
  }

  private async sendOnce(request: VideoRequest, resumed: boolean): Promise<DeliveryResult> {
    const route = this.route(request);
    try {
      if (request.status === 'completed') {
        const uri = request.videoUrls[0];
        const video = uri ? await this.deps.store.describe(uri) : null;
        if (!uri || !video) {
          return this.deps.notifier.failed(request, { reason: 'The video was generated but could not be found in storage.', resumed, retryable: true, route });
        }
        const link = await this.deps.store.link(uri);
        const store = this.deps.store;
        const fileName = `veo-${request.id.slice(0, 8)}.mp4`;
        const deliverable = { sizeBytes: video.sizeBytes, mimeType: video.mimeType, fileName, link, open: () => store.read(uri) };
        return await this.deps.notifier.completed(request, { video: deliverable, resumed, route });
      }
      return await this.deps.notifier.failed(request, { reason: request.errorMessage ?? 'Video generation failed.', resumed, retryable: true, route });
    } catch (error) {
      this.deps.logger.error(LogEvents.notificationFailed, { request_id: request.id, ...describeError(error) });
      return { delivered: false, reason: 'transient', detail: describeError(error).error_message };
    }
  }

  private async record(request: VideoRequest, outcome: NotifyOutcome): Promise<boolean> {
    const at = this.deps.clock.now();
    const stored = await this.writer.bestEffort('record notification', request, () => this.deps.repo.markNotified(request.id, at, outcome));
    // Not recorded (database down): remember it, or a later resume would announce it twice.
    if (stored === undefined) this.writer.remember({ ...request, notifiedAt: at, notifyOutcome: outcome });
    return true;
  }
}
