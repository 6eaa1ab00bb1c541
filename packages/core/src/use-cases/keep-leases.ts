import { describeError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';

/**
 * Keeps this process's leases alive for every queued or running request, and lets go of a
 * request whose lease another instance has taken (it was too slow, e.g. a long GC pause).
 */
export class KeepLeases {
  constructor(
    private readonly deps: { repo: RequestRepository; scheduler: WorkScheduler; clock: Clock; logger: Logger; workerId: string; leaseMs: number },
  ) {}

  /** Renews every lease once; returns how many were lost. */
  async execute(): Promise<number> {
    const { repo, scheduler, clock, workerId, leaseMs, logger } = this.deps;
    let lost = 0;
    for (const id of scheduler.activeIds()) {
      const now = clock.now();
      try {
        const kept = await repo.renewLease(id, { owner: workerId, until: new Date(now.getTime() + leaseMs), now });
        if (!kept) {
          lost += 1;
          logger.warn('Lease lost; another instance owns this request now', { request_id: id });
          scheduler.cancel(id);
        }
      } catch (error) {
        // Database down: keep working; the lease is renewed on the next round.
        logger.warn('Lease renewal failed', { request_id: id, ...describeError(error) });
        return lost;
      }
    }
    return lost;
  }
}
