import { describeError } from '../domain/errors.js';
import { isTerminal } from '../domain/status.js';
import { LogEvents } from '../domain/messages.js';
import { type NotifyOutcome, type VideoRequest, interactionUsable } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { DeliveryResult, DeliveryRoute, Fence, NoticeRoute, Notifier, VisibleFinal } from '../ports/notifier.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { VideoStore } from '../ports/video-store.js';
import type { CancelSignal } from '../domain/cancel.js';
import { backoffDelay } from '../scheduler/backoff.js';
import type { LeaseBook } from './lease-book.js';
import { RequestWriter } from './request-writer.js';
import type { UnstoredWrites } from './unstored-writes.js';

/** How often a chat that cannot be read is looked at before giving up on knowing. */
const VISIBILITY_LOOKS = 3;
/** How long a passed fence stands before the notifier's last check asks the database again. */
const FENCE_FRESH_MS = 5_000;

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
  private readonly inFlight = new Map<string, Promise<boolean>>();
  /** Requests one of whose sends failed in a way that may have reached the user after all. */
  private readonly mayHaveSent = new Set<string>();

  constructor(
    private readonly deps: {
      repo: RequestRepository;
      notifier: Notifier;
      store: VideoStore;
      clock: Clock;
      logger: Logger;
      unstored?: UnstoredWrites;
      deliveryOptions?: Partial<DeliveryOptions>;
      /** This worker: a final message is sent only while the row is leased to it. */
      workerId?: string;
      /** Leases the database confirmed: while it is down, a lease that ran out stops the send. */
      leases?: LeaseBook;
      leaseMs?: number;
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
   * A visible message announcing another outcome does not count: the user gets the right one.
   */
  async deliverUnlessVisible(request: VideoRequest, resumed: boolean, signal?: CancelSignal): Promise<boolean> {
    const look = await this.lookForFinal(request, signal);
    if (look === 'shown') return this.record(request, 'delivered');
    return this.deliver(request, resumed, signal, look === 'unknown');
  }

  /** Requests being announced right now: their leases are renewed like running jobs'. */
  deliveringIds(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Delivers the final message of a terminal request; true when the user was told (or cannot be). */
  async deliver(request: VideoRequest, resumed: boolean, signal?: CancelSignal, inDoubt = false): Promise<boolean> {
    // Two paths of this process reaching one request at once (the time cap and the job's own
    // verdict, a reconcile and a resume) share one delivery: the fence cannot tell them apart.
    const running = this.inFlight.get(request.id);
    if (running) return running;
    const delivery = this.deliverHeld(request, resumed, inDoubt, signal).finally(() => this.inFlight.delete(request.id));
    this.inFlight.set(request.id, delivery);
    return delivery;
  }

  /**
   * `inDoubt`: an earlier final message may have reached the user and nothing can tell. Then an
   * interaction that still lives gets its reply edited to show the outcome ('in-place') instead
   * of a second follow-up; a channel post needs nothing (its nonce deduplicates it).
   */
  private async deliverHeld(request: VideoRequest, resumed: boolean, inDoubt: boolean, signal?: CancelSignal): Promise<boolean> {
    // Only an outcome is announced: a row still running says nothing yet (a bug upstream if so).
    if (!isTerminal(request.status)) {
      this.deps.logger.error('Refused to announce a request that has not finished', { request_id: request.id, status: request.status });
      return false;
    }
    // Announced by this process already, with the record still waiting for the database.
    if (this.writer.newest(request).notifiedAt !== null) return true;
    let doubt = inDoubt;
    for (let attempt = 0; attempt < this.options.attempts; attempt++) {
      // An earlier try may have reached Discord with its answer lost (follow-ups carry no nonce),
      // in this delivery or in one given up when the lease could not be confirmed (seed 8978);
      // a row last leased to another instance may have been announced by it while the database
      // was down, with the record lost (seed 5529). Looked for before the fence, which must be
      // the last word before the send: a look can take minutes (seed 13673).
      if (this.mayHaveSent.has(request.id) || this.takenFromAnother(request)) {
        const look = await this.lookForFinal(request, signal);
        if (look === 'shown') return this.record(request, 'delivered');
        doubt ||= look === 'unknown';
      }
      if (!(await this.holdsRow(request))) {
        this.deps.logger.info('Another instance owns this request now; it delivers the notification', { request_id: request.id });
        return false;
      }
      const fence = this.fenceFor(request, this.deps.clock.now().getTime());
      const route = this.route(request);
      const result = await this.sendOnce(request, resumed, doubt && route === 'interaction' ? 'in-place' : route, fence);
      if (result.delivered) return this.record(request, 'delivered');
      if (result.reason === 'transient') this.mayHaveSent.add(request.id);
      if (result.reason === 'undeliverable') {
        this.deps.logger.warn(LogEvents.channelInaccessible, { request_id: request.id, channel_id: request.channelId, guild_id: request.guildId, detail: result.detail });
        return this.record(request, 'undeliverable');
      }
      this.deps.logger.warn(LogEvents.notificationFailed, { request_id: request.id, attempt: attempt + 1, detail: result.detail });
      if (signal?.cancelled) break;
      await this.deps.clock.sleep(backoffDelay(attempt, this.options.backoffMs, 30_000), signal);
    }
    await this.holdForOneLease(request);
    return false;
  }

  /**
   * The delivery fence: the row must be (or become) leased to this worker right before the send,
   * so two instances never both announce one request. A row that does not exist yet (accepted
   * while the database was down) or a database that cannot answer does not stop the send.
   */
  private async holdsRow(request: VideoRequest, tries = 2): Promise<boolean> {
    const { repo, clock, workerId } = this.deps;
    if (workerId === undefined) return true;
    const now = clock.now();
    try {
      const stamp = this.deps.leases?.stamp() ?? null;
      const claimed = await repo.claim([request.id], { owner: workerId, until: new Date(now.getTime() + (this.deps.leaseMs ?? 60_000)), now });
      const mine = claimed[0];
      // A lease that had run out by the time its claim was answered (the process was suspended
      // mid-call) fences nothing: another instance may have claimed the row since. Claim again.
      if (mine && mine.notifiedAt === null && mine.leaseUntil !== null && mine.leaseUntil <= clock.now()) return tries > 1 && this.holdsRow(request, tries - 1);
      if (mine && mine.notifiedAt === null) {
        if (mine.leaseUntil) this.deps.leases?.confirmed([request.id], mine.leaseUntil, stamp);
        // Without this process's presence a fresh lease fences nothing: another instance may
        // take the row at once (seed 1741: a claim answered 39 s late, after a rejoin-less outage).
        if (this.deps.leases && !this.deps.leases.fences(stamp)) {
          this.deps.logger.info('Not announcing while this process has not announced itself to the database', { request_id: request.id });
          return false;
        }
        return true;
      }
      if (mine) {
        await repo.releaseLease(request.id, workerId);
        return false;
      }
      const row = await repo.get(request.id);
      return row === null || (row.notifiedAt === null && row.leaseOwner === null);
    } catch {
      // The database cannot tell: send only while the last lease it confirmed still runs.
      const runs = this.deps.leases?.stillRuns(request.id, clock.now()) ?? true;
      if (!runs) this.deps.logger.info('Lease ran out while the database was down; the announcement waits for it', { request_id: request.id });
      return runs;
    }
  }

  /**
   * The notifier's last check before it posts (see {@link Fence}): the fence passed at
   * `passedAt` still holds for a few seconds; past that, the row is claimed again (seed 2215: a
   * status edit hung for 104 s; seed 477: the process was suspended between the fence and the send).
   */
  private fenceFor(request: VideoRequest, passedAt: number): Fence {
    return async () => this.deps.clock.now().getTime() - passedAt < FENCE_FRESH_MS || (await this.holdsRow(request));
  }

  private takenFromAnother(request: VideoRequest): boolean {
    return request.leaseOwner !== null && this.deps.workerId !== undefined && request.leaseOwner !== this.deps.workerId;
  }

  /** Gave up for now: keep the row one lease period, then any instance's sweep tries again. */
  private async holdForOneLease(request: VideoRequest): Promise<void> {
    const { repo, clock, workerId } = this.deps;
    if (workerId === undefined) return;
    const now = clock.now();
    await this.writer.bestEffort('hold the unannounced request', request, () => repo.renewLease(request.id, { owner: workerId, until: new Date(now.getTime() + (this.deps.leaseMs ?? 60_000)), now }));
  }

  /**
   * Whether the user already sees this request's final message for its outcome: 'shown', 'none'
   * (nothing, or a message announcing another outcome: the user gets the right one), or
   * 'unknown' — the chat could not be read, asked three times (1 s, 2 s apart).
   */
  private async lookForFinal(request: VideoRequest, signal?: CancelSignal): Promise<'shown' | 'none' | 'unknown'> {
    const { notifier, logger, clock } = this.deps;
    if (!notifier.findDelivered) return 'none';
    const wanted: VisibleFinal = request.status === 'completed' ? 'completed' : 'failed';
    let seen: VisibleFinal = 'unknown';
    // Asked at least once even when cancelled: "unknown" without asking would send in doubt (seed 3704).
    for (let look = 0; look < VISIBILITY_LOOKS && (look === 0 || !signal?.cancelled); look++) {
      if (look > 0) await clock.sleep(1000 * look, signal);
      seen = await notifier.findDelivered(request).catch((error: unknown) => {
        logger.warn('Could not check for an earlier notification', { request_id: request.id, ...describeError(error) });
        return 'unknown' as const;
      });
      if (seen !== 'unknown') break;
    }
    if (seen === wanted) {
      logger.info('Notification already visible; recorded without sending again', { request_id: request.id });
      return 'shown';
    }
    if (seen === 'unknown') return 'unknown';
    if (seen !== 'none') logger.warn('An earlier message announced another outcome; sending this one', { request_id: request.id, status: request.status, visible: seen });
    return 'none';
  }

  private async sendOnce(request: VideoRequest, resumed: boolean, route: NoticeRoute, fence: Fence): Promise<DeliveryResult> {
    try {
      if (request.status === 'completed') {
        const uri = request.videoUrls[0];
        const video = uri ? await this.deps.store.describe(uri) : null;
        if (!uri || !video) {
          return this.deps.notifier.failed(request, { reason: 'The video was generated but could not be found in storage.', resumed, retryable: true, route, fence });
        }
        const link = await this.deps.store.link(uri);
        const store = this.deps.store;
        const fileName = `veo-${request.id.slice(0, 8)}.mp4`;
        const deliverable = { sizeBytes: video.sizeBytes, mimeType: video.mimeType, fileName, link, open: () => store.read(uri) };
        return await this.deps.notifier.completed(request, { video: deliverable, resumed, route, fence });
      }
      return await this.deps.notifier.failed(request, { reason: request.errorMessage ?? 'Video generation failed.', resumed, retryable: true, route, fence });
    } catch (error) {
      this.deps.logger.error(LogEvents.notificationFailed, { request_id: request.id, ...describeError(error) });
      return { delivered: false, reason: 'transient', detail: describeError(error).error_message };
    }
  }

  private async record(request: VideoRequest, outcome: NotifyOutcome): Promise<boolean> {
    const at = this.deps.clock.now();
    this.deps.leases?.done(request.id);
    this.mayHaveSent.delete(request.id);
    const stored = await this.writer.bestEffort('record notification', request, () => this.deps.repo.markNotified(request.id, at, outcome));
    // Not recorded (database down): remember it, or a later resume would announce it twice.
    if (stored !== true) this.writer.remember({ ...request, notifiedAt: at, notifyOutcome: outcome });
    return true;
  }
}
