import { LogEvents } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRepository } from '../ports/request-repository.js';

/** What a cleanup did (or, dry, would do). */
export interface CleanupResult {
  readonly retentionDays: number | null;
  readonly cutoff: Date | null;
  readonly deleted: number;
  readonly dryRun: boolean;
}

/**
 * Seed 003 retention: with REQUEST_RETENTION_DAYS unset nothing is deleted; otherwise finished
 * requests older than that are deleted in batches (incomplete ones are never touched).
 */
export class CleanupExpiredRequests {
  constructor(private readonly deps: { repo: RequestRepository; clock: Clock; logger: Logger; retentionDays: number | null; batchSize?: number }) {
    if (deps.retentionDays !== null && !(Number.isInteger(deps.retentionDays) && deps.retentionDays >= 1)) {
      throw new RangeError('retentionDays must be a whole number of days ≥ 1');
    }
  }

  async execute(options: { dryRun?: boolean } = {}): Promise<CleanupResult> {
    const { retentionDays, repo, logger } = this.deps;
    const dryRun = options.dryRun ?? false;
    if (retentionDays === null) return { retentionDays, cutoff: null, deleted: 0, dryRun };
    const cutoff = new Date(this.deps.clock.now().getTime() - retentionDays * 24 * 60 * 60_000);
    if (dryRun) return { retentionDays, cutoff, deleted: await repo.countOlderThan(cutoff), dryRun };
    let deleted = 0;
    for (;;) {
      const batch = await repo.deleteOlderThan(cutoff, this.deps.batchSize ?? 1000);
      deleted += batch;
      if (batch === 0) break;
    }
    logger.info(LogEvents.cleanupDeleted, { deleted_count: deleted, retention_days: retentionDays, cutoff: cutoff.toISOString() });
    return { retentionDays, cutoff, deleted, dryRun };
  }
}
