import { describeError } from '../domain/errors.js';
import { LogEvents } from '../domain/messages.js';
import type { Clock } from '../ports/clock.js';
import type { ErasureStore, UserDataCounts } from '../ports/erasure-store.js';
import type { Logger } from '../ports/logger.js';
import type { PurgeResult, PurgeStoredObjects } from './purge-stored-objects.js';

/** How long after a forget a request that was rendering may still get its video written (swept again until then). */
export const FORGET_RECHECK_MS = 60 * 60_000;

/** What {@link ForgetUser} did (or, dry, would do). */
export interface ForgetResult {
  readonly dryRun: boolean;
  /** What was (dry: would be) erased. */
  readonly counts: UserDataCounts;
  /** Requests that were pending or generating and are now cancelled (0 in a dry run). */
  readonly cancelled: number;
  /** The sweep of Cloud Storage that followed; null in a dry run, or when the sweep itself could not run. */
  readonly purge: PurgeResult | null;
  /** Why the sweep could not run (the objects stay queued for the next one); null otherwise. */
  readonly sweepError: string | null;
}

/** What {@link ForgetUser} needs. */
export interface ForgetUserDeps {
  readonly erasure: ErasureStore;
  readonly purge: PurgeStoredObjects;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Stops this process's own jobs of the cancelled requests at once (others stop when their next renewal fails). */
  readonly cancelLocal?: (requestId: string) => void;
  readonly recheckMs?: number;
}

/**
 * Erases what is stored about one user (`veo-bot forget`, `/veo-forget-me`): their requests in
 * flight are cancelled in the same write that strips their rows, so no instance delivers
 * anything of theirs afterwards (every delivery claims its row first, and a forgotten row is
 * already announced); then their videos are deleted from Cloud Storage. Spend stays in the
 * anonymous rows, so budgets and reports do not change. The user id is not logged.
 */
export class ForgetUser {
  constructor(private readonly deps: ForgetUserDeps) {}

  async execute(input: { userId: string; dryRun?: boolean }): Promise<ForgetResult> {
    const { erasure, clock, logger } = this.deps;
    if (input.dryRun) return { dryRun: true, counts: await erasure.countUserData(input.userId), cancelled: 0, purge: null, sweepError: null };
    const now = clock.now();
    const outcome = await erasure.forgetUser(input.userId, now, new Date(now.getTime() + (this.deps.recheckMs ?? FORGET_RECHECK_MS)));
    for (const id of outcome.cancelledIds) this.deps.cancelLocal?.(id);
    const { counts } = outcome;
    logger.info(LogEvents.userForgotten, { request_count: counts.requests, cancelled_count: outcome.cancelledIds.length, image_count: counts.images, video_count: counts.videos });
    // The erasure is done and the objects are queued: a sweep that cannot run now is only late.
    try {
      const purge = await this.deps.purge.execute();
      return { dryRun: false, counts, cancelled: outcome.cancelledIds.length, purge, sweepError: null };
    } catch (error) {
      const { error_message } = describeError(error);
      logger.warn(LogEvents.purgeFailed, { error_message });
      return { dryRun: false, counts, cancelled: outcome.cancelledIds.length, purge: null, sweepError: error_message };
    }
  }
}
