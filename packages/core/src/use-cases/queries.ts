import { describeError } from '../domain/errors.js';
import { REQUEST_STATUSES, type RequestStatus } from '../domain/status.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestQueries } from '../ports/request-repository.js';
import type { Dashboard, GuildStats, HistoryPage, StatsPeriod } from '../ports/stats.js';

/** A query answer, or why there is none. */
export type QueryResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: 'invalid' | 'unavailable'; readonly message: string };

const UNAVAILABLE = 'Statistics are temporarily unavailable. Please try again in a minute.';

async function guarded<T>(logger: Logger, what: string, run: () => Promise<T>): Promise<QueryResult<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    logger.error(`Query failed: ${what}`, describeError(error));
    return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
  }
}

/** TRK-10 "Query user request history": newest first, paginated, optional status filter. */
export class GetUserHistory {
  constructor(private readonly deps: { repo: RequestQueries; logger: Logger }) {}

  async execute(input: { userId: string; status?: string; limit?: number; offset?: number }): Promise<QueryResult<HistoryPage>> {
    const limit = input.limit ?? 10;
    const offset = input.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { ok: false, reason: 'invalid', message: 'limit must be a whole number from 1 to 100' };
    if (!Number.isInteger(offset) || offset < 0) return { ok: false, reason: 'invalid', message: 'offset must be a whole number ≥ 0' };
    if (input.status !== undefined && !REQUEST_STATUSES.includes(input.status as RequestStatus)) {
      return { ok: false, reason: 'invalid', message: `status must be one of ${REQUEST_STATUSES.join(', ')}` };
    }
    const status = input.status as RequestStatus | undefined;
    return guarded(this.deps.logger, 'user history', () => this.deps.repo.userHistory({ userId: input.userId, limit, offset, ...(status ? { status } : {}) }));
  }
}

/** How far back each period looks by default: 30 days, 12 weeks, 12 months. */
export function defaultRange(period: StatsPeriod, now: Date): { since: Date; until: Date } {
  const day = 24 * 60 * 60_000;
  const back = period === 'day' ? 30 * day : period === 'week' ? 12 * 7 * day : 365 * day;
  return { since: new Date(now.getTime() - back), until: now };
}

/** TRK-11 "Query guild statistics": counts, average duration, top prompts, time buckets. */
export class GetGuildStats {
  constructor(private readonly deps: { repo: RequestQueries; clock: Clock; logger: Logger }) {}

  async execute(input: { guildId: string; period?: string }): Promise<QueryResult<GuildStats>> {
    const period = input.period ?? 'day';
    if (period !== 'day' && period !== 'week' && period !== 'month') return { ok: false, reason: 'invalid', message: 'period must be day, week or month' };
    if (!input.guildId) return { ok: false, reason: 'invalid', message: 'a guild id is required' };
    const range = defaultRange(period, this.deps.clock.now());
    return guarded(this.deps.logger, 'guild stats', () => this.deps.repo.guildStats({ guildId: input.guildId, period, ...range }));
  }
}

/** TRK-12 "Global status dashboard": the last 24 hours. */
export class GetDashboard {
  constructor(private readonly deps: { repo: RequestQueries; clock: Clock; logger: Logger }) {}

  async execute(): Promise<QueryResult<Dashboard>> {
    const since = new Date(this.deps.clock.now().getTime() - 24 * 60 * 60_000);
    return guarded(this.deps.logger, 'dashboard', () => this.deps.repo.dashboard(since));
  }
}
