import { describeError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestLeases } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import type { LeaseBook } from '../services/lease-book.js';
import type { UnstoredWrites } from '../services/unstored-writes.js';

/**
 * Keeps this process's leases alive for every queued or running request, and lets go of a
 * request whose lease another instance has taken (it was too slow, e.g. a long GC pause).
 */
export class KeepLeases {
  constructor(
    private readonly deps: {
      repo: RequestLeases;
      scheduler: WorkScheduler;
      clock: Clock;
      logger: Logger;
      workerId: string;
      leaseMs: number;
      /** Rows being announced right now (a slow upload must not let the lease lapse mid-send). */
      delivering?: () => readonly string[];
      /** Where confirmed renewals are written down. */
      leases?: LeaseBook;
      /** Which requests accepted without a row have one by now. */
      unstored?: UnstoredWrites;
    },
  ) {}

  /** Renews every lease once (one repository call for all of them); returns how many were lost. */
  async execute(): Promise<number> {
    const { repo, scheduler, clock, workerId, leaseMs, logger } = this.deps;
    // A request accepted without a row is renewed too once its row exists (backfilled, or its
    // create committed with the answer lost): otherwise its lease runs out under a live job.
    const ids = scheduler.activeIds((id) => this.deps.unstored?.hasRow(id) === true);
    const renew = [...new Set([...ids, ...(this.deps.delivering?.() ?? [])])];
    if (renew.length === 0) return 0;
    const now = clock.now();
    let kept: Set<string>;
    try {
      const until = new Date(now.getTime() + leaseMs);
      const stamp = this.deps.leases?.stamp() ?? null;
      kept = new Set(await repo.renewLeases(renew, { owner: workerId, until, now }));
      this.deps.leases?.confirmed([...kept], until, stamp);
    } catch (error) {
      // Database down: keep working; the leases are renewed on the next round.
      logger.warn('Lease renewal failed', { request_count: renew.length, ...describeError(error) });
      return 0;
    }
    const lost = ids.filter((id) => !kept.has(id));
    for (const id of renew) if (!kept.has(id)) this.deps.leases?.lost(id);
    for (const id of lost) {
      logger.warn('Lease lost; another instance owns this request now', { request_id: id });
      scheduler.cancel(id);
    }
    return lost.length;
  }
}
