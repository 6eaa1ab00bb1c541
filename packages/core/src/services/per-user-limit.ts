import { describeError } from '../domain/errors.js';
import type { Logger } from '../ports/logger.js';
import type { RequestQueries } from '../ports/request-repository.js';
import type { RateLimited } from '../use-cases/results.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The per-user rolling 24-hour limit shared by `/veo` and Again (failed and timed-out requests
 * do not count). With the database down it cannot be checked and lets the request through.
 */
export class PerUserLimit {
  constructor(private readonly deps: { readonly repo: RequestQueries; readonly logger: Logger; readonly limit: number }) {}

  /**
   * A refusal when `userId` has used up the limit at `now`, else null. `server`: a server's own
   * limit (above 0; its rules refuse a limit of 0), counted over that server's requests only.
   */
  async check(userId: string, now: Date, server?: { readonly guildId: string; readonly limit: number }): Promise<RateLimited | null> {
    const limit = server ? server.limit : this.deps.limit;
    if (limit <= 0) return null;
    try {
      const { count, oldest } = await this.deps.repo.countRecentByUser(userId, new Date(now.getTime() - DAY_MS), server?.guildId);
      if (count < limit) return null;
      const retryAt = new Date((oldest ?? now).getTime() + DAY_MS);
      // The time is in `retryAt`; chat adapters render it in the user's own time zone.
      return { ok: false, reason: 'rate-limited', limit, retryAt, message: `You have used all ${limit} videos allowed per 24 hours.` };
    } catch (error) {
      // Graceful degradation: with the database down the limit cannot be checked; let it through.
      this.deps.logger.warn('Per-user limit not checked (database unavailable)', { user_id: userId, ...describeError(error) });
      return null;
    }
  }
}
