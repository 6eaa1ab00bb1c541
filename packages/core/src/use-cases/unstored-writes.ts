import { describeError } from '../domain/errors.js';
import { isTerminal } from '../domain/status.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRepository } from '../ports/request-repository.js';

/** How long a backfilled row stays leased to its process (its job is not lease-renewed). */
export const BACKFILL_HOLD_MS = 24 * 60 * 60_000;

/**
 * Requests whose latest state could not be written because the database was down (seed 003:
 * the work goes on, the write is not retried in place). `reconcile()` — run periodically —
 * writes each one's latest known state once the database answers again.
 */
export class UnstoredWrites {
  private readonly latest = new Map<string, VideoRequest>();

  constructor(private readonly deps: { repo: RequestRepository; logger: Logger; clock: Clock; workerId?: string }) {}

  /** Remembers the newest local state of a request that could not be stored. */
  remember(request: VideoRequest): void {
    this.latest.set(request.id, request);
  }

  /** Forgets a request whose state was stored after all. */
  forget(id: string): void {
    this.latest.delete(id);
  }

  /** Writes one request's remembered state now if there is one; never throws. */
  async flush(id: string): Promise<void> {
    const request = this.latest.get(id);
    if (!request) return;
    try {
      await this.store(request);
      this.latest.delete(id);
    } catch {
      // Still down: keep it for the next attempt.
    }
  }

  get size(): number {
    return this.latest.size;
  }

  /** Writes what it can; returns how many requests were reconciled. */
  async reconcile(): Promise<number> {
    let done = 0;
    for (const request of [...this.latest.values()]) {
      try {
        await this.store(request);
        this.latest.delete(request.id);
        done += 1;
      } catch (error) {
        this.deps.logger.warn('Reconcile postponed: database still unavailable', { request_id: request.id, pending: this.latest.size, ...describeError(error) });
        return done;
      }
    }
    if (done > 0) this.deps.logger.info('Reconciled requests written while the database was down', { reconciled_count: done });
    return done;
  }

  private async store(request: VideoRequest): Promise<void> {
    const { repo } = this.deps;
    // Backfilled while this process still works on it: held by this worker, or another instance's
    // sweep would start it a second time. If this worker dies, presence frees the row at once.
    const open = !request.notifiedAt && this.deps.workerId !== undefined;
    const held = open ? { leaseOwner: this.deps.workerId as string, leaseUntil: new Date(this.deps.clock.now().getTime() + BACKFILL_HOLD_MS) } : { leaseOwner: null, leaseUntil: null };
    const created = await repo.create({ ...request, ...held });
    if (created.created) return;
    const stored = created.request;
    if (stored.status !== request.status && !isTerminal(stored.status)) {
      if (stored.status === 'pending' && request.status !== 'generating' && (request.operationName || request.startedAt)) {
        await repo.transition(request.id, { to: 'generating', at: request.startedAt ?? request.updatedAt, ...(request.operationName ? { operationName: request.operationName } : {}), ...(request.gcsPrefix ? { gcsPrefix: request.gcsPrefix } : {}) });
      }
      await repo.transition(request.id, {
        to: request.status,
        at: request.completedAt ?? request.startedAt ?? request.updatedAt,
        ...(request.operationName ? { operationName: request.operationName } : {}),
        ...(request.gcsPrefix ? { gcsPrefix: request.gcsPrefix } : {}),
        ...(request.videoUrls.length ? { videoUrls: request.videoUrls } : {}),
        ...(request.errorMessage ? { errorMessage: request.errorMessage } : {}),
        ...(request.finalCostUsd !== null ? { finalCostUsd: request.finalCostUsd } : {}),
      });
    }
    if (request.notifiedAt && request.notifyOutcome) await repo.markNotified(request.id, request.notifiedAt, request.notifyOutcome);
  }
}
