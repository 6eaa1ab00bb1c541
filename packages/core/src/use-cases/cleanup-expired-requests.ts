import { LogEvents } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { ErasureStore } from '../ports/erasure-store.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRetention } from '../ports/request-repository.js';
import type { PurgeResult, PurgeStoredObjects } from './purge-stored-objects.js';

/** What a cleanup did (or, dry, would do). */
export interface CleanupResult {
  readonly retentionDays: number | null;
  readonly cutoff: Date | null;
  readonly deleted: number;
  readonly dryRun: boolean;
  /** The sweep of Cloud Storage that followed (null: a dry run, or no sweep configured). */
  readonly purge: PurgeResult | null;
  /** Dry run: objects of already deleted or erased requests still waiting to be deleted (null: unknown). */
  readonly queuedPurges: number | null;
}

/** What {@link CleanupExpiredRequests} needs; with `purge` it also deletes the requests' objects in Cloud Storage. */
export interface CleanupDeps {
  readonly repo: RequestRetention;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retentionDays: number | null;
  readonly batchSize?: number;
  readonly purge?: PurgeStoredObjects;
  readonly erasure?: ErasureStore;
}

/**
 * PRV-1, PRV-2 retention: with REQUEST_RETENTION_DAYS unset no request is deleted; otherwise
 * finished requests older than that are deleted in batches (incomplete ones are never touched),
 * each batch queuing its rows' Cloud Storage objects in the same write (images go with the rows).
 * Then, retention set or not, the queue is swept: objects first, then the entry, so a run that
 * dies halfway, or objects Cloud Storage would not delete yet, are finished by the next run.
 */
export class CleanupExpiredRequests {
  constructor(private readonly deps: CleanupDeps) {
    if (deps.retentionDays !== null && !(Number.isInteger(deps.retentionDays) && deps.retentionDays >= 1)) {
      throw new RangeError('retentionDays must be a whole number of days ≥ 1');
    }
  }

  async execute(options: { dryRun?: boolean } = {}): Promise<CleanupResult> {
    const { retentionDays, repo, logger } = this.deps;
    const dryRun = options.dryRun ?? false;
    const cutoff = retentionDays === null ? null : new Date(this.deps.clock.now().getTime() - retentionDays * 24 * 60 * 60_000);
    if (dryRun) {
      const queuedPurges = this.deps.erasure ? await this.deps.erasure.countQueuedPurges() : null;
      return { retentionDays, cutoff, deleted: cutoff ? await repo.countOlderThan(cutoff) : 0, dryRun, purge: null, queuedPurges };
    }
    let deleted = 0;
    if (cutoff) {
      for (;;) {
        const batch = await repo.deleteOlderThan(cutoff, this.deps.batchSize ?? 1000);
        deleted += batch;
        if (batch === 0) break;
      }
      logger.info(LogEvents.cleanupDeleted, { deleted_count: deleted, retention_days: retentionDays, cutoff: cutoff.toISOString() });
    }
    const purge = this.deps.purge ? await this.deps.purge.execute() : null;
    return { retentionDays, cutoff, deleted, dryRun, purge, queuedPurges: purge?.queued ?? null };
  }
}
