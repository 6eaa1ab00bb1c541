import { RepositoryUnavailableError, RequestNotFoundError, describeError } from '../domain/errors.js';
import { defaultFinalCost } from '../domain/budget.js';
import { LogEvents } from '../domain/messages.js';
import { isTerminal } from '../domain/status.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestStore, StatusChange } from '../ports/request-repository.js';
import type { LeaseBook } from './lease-book.js';
import { BACKFILL_HOLD_MS, type UnstoredWrites, replaces } from './unstored-writes.js';

/** What came of writing a status change. */
export type WriteOutcome =
  /** Stored (or already there: `applied` false). `request` is the row as stored. */
  | { readonly kind: 'stored'; readonly request: VideoRequest; readonly applied?: boolean }
  /** Another writer got there first with a different status; `request` is their row. */
  | { readonly kind: 'lost-race'; readonly request: VideoRequest }
  /** The database could not be reached; `request` is our local view (DUR-16: carry on). */
  | { readonly kind: 'unstored'; readonly request: VideoRequest };

/** Applies a change to a local copy, the way the repository would (for when the DB is down). */
export function applyLocally(request: VideoRequest, change: StatusChange): VideoRequest {
  const startedAt = change.to === 'generating' ? change.at : request.startedAt;
  const terminal = isTerminal(change.to);
  return {
    ...request,
    status: change.to,
    updatedAt: change.at,
    startedAt,
    operationName: change.operationName ?? request.operationName,
    gcsPrefix: change.gcsPrefix ?? request.gcsPrefix,
    videoUrls: change.videoUrls ? [...change.videoUrls] : request.videoUrls,
    errorMessage: change.errorMessage ?? request.errorMessage,
    completedAt: terminal ? change.at : request.completedAt,
    durationMs: terminal && startedAt ? change.at.getTime() - startedAt.getTime() : request.durationMs,
    finalCostUsd: terminal ? (change.finalCostUsd ?? defaultFinalCost(request, change.to)) : request.finalCostUsd,
  };
}

/**
 * Writes status changes with the logging the specs ask for, and degrades instead of failing:
 * a database outage is logged and the work goes on (DUR-16); a lost race is reported as such.
 */
export class RequestWriter {
  constructor(private readonly deps: { repo: RequestStore; logger: Logger; clock: Clock; unstored?: UnstoredWrites; leases?: LeaseBook }) {}

  /** Remembers a state that could not be written, for the reconcile loop (false: a terminal one stands). */
  remember(request: VideoRequest): boolean {
    return this.deps.unstored?.remember(request) ?? true;
  }

  async transition(request: VideoRequest, change: StatusChange, retried = false): Promise<WriteOutcome> {
    const { logger } = this.deps;
    // An earlier write of this request may have been lost to an outage: store it first, or
    // the guarded UPDATE would see an older status and refuse this one.
    await this.deps.unstored?.flush(request.id);
    try {
      const result = await this.deps.repo.transition(request.id, change);
      if (result.outcome === 'refused') {
        logger.warn(LogEvents.invalidTransition, { request_id: request.id, old_status: result.request.status, new_status: change.to });
        return { kind: 'lost-race', request: result.request };
      }
      if (result.applied) this.logTransition(request, result.request);
      return { kind: 'stored', request: result.request, applied: result.applied };
    } catch (error) {
      // No row yet: build it from the newest state this process knows (a write still waiting
      // may hold the operation name and the start count that the caller's copy lacks).
      if (error instanceof RequestNotFoundError) {
        const base = this.newest(request);
        if (isTerminal(base.status) && !replaces({ status: change.to }, base)) return { kind: 'lost-race', request: base };
        const backfilled = await this.backfill(applyLocally(base, change));
        // The row appeared meanwhile (the reconcile wrote an earlier state): apply the change to it.
        if (backfilled.kind === 'stored' && backfilled.applied === false && !retried) return this.transition(request, change, true);
        return backfilled;
      }
      logger.error(LogEvents.statusUpdateFailed, { request_id: request.id, user_id: request.userId, new_status: change.to, ...describeError(error) });
      const local = applyLocally(request, change);
      // Without an explicit cost the stored row's own facts decide it (ours may be stale: the
      // time cap fires with the request as it was queued, before its operation name).
      const kept = this.remember(isTerminal(change.to) && change.finalCostUsd === undefined ? { ...local, finalCostUsd: null } : local);
      // Another outcome of this process, also waiting to be written, came first: it stands.
      if (!kept) return { kind: 'lost-race', request: this.newest(request) };
      return { kind: 'unstored', request: local };
    }
  }

  /** The caller's copy, or the newer state remembered for the same request. */
  newest(request: VideoRequest): VideoRequest {
    const remembered = this.deps.unstored?.peek(request.id);
    return remembered && remembered.updatedAt >= request.updatedAt ? remembered : request;
  }

  /**
   * A request accepted while the database was down has no row: insert its current state once
   * the database answers again (a backfill, not a retried update).
   */
  async backfill(request: VideoRequest): Promise<WriteOutcome> {
    try {
      // Still being worked on here (the job is not lease-renewed): hold the row for this worker.
      const held = request.leaseOwner ? { leaseUntil: new Date(this.deps.clock.now().getTime() + BACKFILL_HOLD_MS) } : {};
      const stamp = this.deps.leases?.stamp() ?? null;
      const result = await this.deps.repo.create({ ...request, ...held });
      if (request.leaseOwner) this.deps.leases?.observed(request.id, result.request, request.leaseOwner, stamp);
      if (result.created) {
        this.deps.logger.info('Backfilled request', { request_id: request.id, status: request.status });
        this.deps.unstored?.forget(request.id);
        this.deps.unstored?.markBackfilled(request.id);
      }
      return { kind: 'stored', request: result.request, applied: result.created };
    } catch (error) {
      this.deps.logger.error(LogEvents.statusUpdateFailed, { request_id: request.id, new_status: request.status, ...describeError(error) });
      this.remember(request);
      return { kind: 'unstored', request };
    }
  }

  /** Runs a bookkeeping write; an outage is logged, never thrown. Returns undefined on failure. */
  async bestEffort<T>(what: string, request: VideoRequest, write: () => Promise<T>): Promise<T | undefined> {
    try {
      return await write();
    } catch (error) {
      const level = error instanceof RepositoryUnavailableError ? 'warn' : 'error';
      this.deps.logger[level](`Failed to ${what}`, { request_id: request.id, ...describeError(error) });
      return undefined;
    }
  }

  private logTransition(before: VideoRequest, after: VideoRequest): void {
    const fields: Record<string, unknown> = {
      request_id: after.id,
      old_status: before.status,
      new_status: after.status,
      duration_ms: after.durationMs,
    };
    if (after.status === 'failed' || after.status === 'timeout') fields.error_message = after.errorMessage;
    this.deps.logger.info(LogEvents.statusTransition, fields);
    if (after.status === 'generating' && after.startedAt) {
      this.deps.logger.info(LogEvents.queueingTime, { request_id: after.id, queueing_time_ms: after.startedAt.getTime() - after.createdAt.getTime() });
    }
    if (isTerminal(after.status)) {
      this.deps.logger.info(LogEvents.requestTiming, {
        request_id: after.id,
        status: after.status,
        duration_seconds: after.durationMs === null ? null : after.durationMs / 1000,
        aspect_ratio: after.aspectRatio,
      });
    }
  }
}
