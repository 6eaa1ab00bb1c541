import type pg from 'pg';
import { effectiveCaps, roundUsd } from '@veo-bot/core';
import type {
  BudgetLedger, CreateResult, GuildBudget, Logger, RequestImages, ReserveResult, SpendCaps, SpendScope, SpendTotals, SpendWindows, VideoRequest,
} from '@veo-bot/core';
import { imageParams, insertImageCte } from './image-sql.js';
import { COLUMN_TYPES, COLUMNS, requestToParams, rowToRequest, type VideoRequestRow } from './row-mapper.js';
import { SqlRunner, type SlowQueryThresholds } from './sql-runner.js';
import { SPEND_SQL } from './stats-queries.js';

/** What {@link PgBudgetLedger} needs. */
export interface PgBudgetLedgerDeps {
  /** The pool of the PgRequestRepository (same schema). */
  readonly pool: pg.Pool;
  readonly logger: Logger;
  readonly slowQuery?: SlowQueryThresholds;
}

interface TotalsRow {
  guild_day: number;
  guild_month: number;
  user_day: number;
  daily_cap_usd: number | null;
  monthly_cap_usd: number | null;
  user_daily_cap_usd: number | null;
}

const SUM = (filter: string) => `coalesce(sum(${SPEND_SQL}) FILTER (WHERE ${filter}), 0)::float8`;
const TODAY = 'created_at >= $2 AND created_at < $3';
const CAPS_SQL = 'b.daily_cap_usd::float8, b.monthly_cap_usd::float8, b.user_daily_cap_usd::float8';
// $1 guild, $2 day start, $3 next day, $4 month start, $5 next month, $6 user. Served by
// video_requests_guild_created_idx (index-only: the cost columns are INCLUDEd).
const GUILD_TOTALS_SQL = `SELECT s.*, ${CAPS_SQL} FROM (
    SELECT ${SUM(TODAY)} AS guild_day, coalesce(sum(${SPEND_SQL}), 0)::float8 AS guild_month, ${SUM(`${TODAY} AND user_id = $6`)} AS user_day
    FROM video_requests WHERE guild_id = $1 AND created_at >= $4 AND created_at < $5) s
  LEFT JOIN guild_budgets b ON b.guild_id = $1`;
// Direct messages: only the user's own spend of the day counts.
const DM_TOTALS_SQL = `SELECT 0::float8 AS guild_day, 0::float8 AS guild_month, ${SUM('true')} AS user_day,
    NULL::float8 AS daily_cap_usd, NULL::float8 AS monthly_cap_usd, NULL::float8 AS user_daily_cap_usd
  FROM video_requests WHERE guild_id IS NULL AND user_id = $6 AND ${TODAY} AND $1::text IS NULL AND $4::timestamptz <= $5::timestamptz`;

function totalsQuery(scope: SpendScope, w: SpendWindows): { text: string; params: unknown[] } {
  return { text: scope.guildId === null ? DM_TOTALS_SQL : GUILD_TOTALS_SQL, params: [scope.guildId, w.dayStart, w.nextDay, w.monthStart, w.nextMonth, scope.userId] };
}

const totalsOf = (row: TotalsRow | undefined): SpendTotals => ({
  guildDayUsd: roundUsd(row?.guild_day ?? 0),
  guildMonthUsd: roundUsd(row?.guild_month ?? 0),
  userDayUsd: roundUsd(row?.user_day ?? 0),
});

const overrideOf = (row: TotalsRow | undefined): SpendCaps | null =>
  row ? { guildDailyUsd: row.daily_cap_usd, guildMonthlyUsd: row.monthly_cap_usd, userDailyUsd: row.user_daily_cap_usd } : null;

type CheckedRow = TotalsRow & { fits: boolean } & (VideoRequestRow | { [K in keyof VideoRequestRow]: null });

// One round trip: veo_budget_check (migration 3) takes a transaction-scoped advisory lock on the
// guild (DMs: the user), sums the spend under it with fresh snapshots and applies the caps; the
// INSERT runs only if everything fits, in the same implicit transaction, so the lock is released
// only when the new reservation is committed. $1–$${COLUMNS.length}: the row; the images (if any)
// are inserted by the same statement, from the row actually inserted.
const N = COLUMNS.length;
const RESERVE_SQL = `WITH chk AS MATERIALIZED (
    SELECT * FROM veo_budget_check($${N + 1}, $${N + 2}, $${N + 3}, $${N + 4}, $${N + 5}, $${N + 6}, $${N + 7}, $${N + 8}, $${N + 9}, $${N + 10})),
  ins AS (INSERT INTO video_requests (${COLUMNS.join(', ')})
    SELECT ${COLUMNS.map((c, i) => `$${i + 1}::${COLUMN_TYPES[c]}`).join(', ')} FROM chk WHERE chk.fits
    ON CONFLICT DO NOTHING RETURNING *),
  ${insertImageCte(N + 11)}
  SELECT chk.*, ins.* FROM chk LEFT JOIN ins ON true`;

/**
 * BudgetLedger on PostgreSQL. `reserve` is one statement: a transaction-scoped advisory lock on
 * the guild (or, in DMs, the user) serialises every reservation of that scope across all
 * instances; the spend is summed under the lock (fresh snapshots, so it sees every reservation
 * committed before) and the row inserted only if every cap has room.
 */
export class PgBudgetLedger implements BudgetLedger {
  private readonly sql: SqlRunner;

  constructor(private readonly deps: PgBudgetLedgerDeps) {
    this.sql = new SqlRunner(deps.pool, deps.logger, deps.slowQuery);
  }

  async reserve(request: VideoRequest, defaults: SpendCaps, windows: SpendWindows, images?: RequestImages): Promise<ReserveResult> {
    const params = [
      ...requestToParams(request),
      request.guildId, request.userId, windows.dayStart, windows.nextDay, windows.monthStart, windows.nextMonth,
      defaults.guildDailyUsd, defaults.guildMonthlyUsd, defaults.userDailyUsd, request.estimatedCostUsd,
      ...imageParams(images),
    ];
    const row = (await this.sql.query<CheckedRow>('budget_reserve', RESERVE_SQL, params)).rows[0];
    if (!row) throw new Error('budget_reserve returned no row');
    const caps = effectiveCaps(defaults, request.guildId, request.guildId === null ? null : overrideOf(row));
    const spent = totalsOf(row);
    if (row.id !== null) return { reserved: true, result: { created: true, request: rowToRequest(row as VideoRequestRow) }, caps, spent };
    const existing = await this.existing(request);
    if (existing) return { reserved: true, result: existing, caps, spent };
    if (row.fits) throw new Error(`Request ${request.id} conflicted with a row that no longer exists`);
    return { reserved: false, caps, spent };
  }

  /** The row that took this request's place (same id, or the retry of the same request). */
  private async existing(request: VideoRequest): Promise<CreateResult | null> {
    const rows = (await this.sql.query<VideoRequestRow>('budget_existing', 'SELECT * FROM video_requests WHERE id = $1 OR retry_of = $2', [request.id, request.retryOf])).rows;
    const same = rows.find((r) => r.id === request.id);
    if (same) return { created: false, conflict: 'id', request: rowToRequest(same) };
    const retry = rows[0];
    return retry ? { created: false, conflict: 'retry_of', request: rowToRequest(retry) } : null;
  }

  async spent(scope: SpendScope, windows: SpendWindows): Promise<SpendTotals> {
    const q = totalsQuery(scope, windows);
    return totalsOf((await this.sql.query<TotalsRow>('budget_spent', q.text, q.params)).rows[0]);
  }

  async guildBudget(guildId: string): Promise<GuildBudget | null> {
    const result = await this.sql.query<TotalsRow & { updated_by: string | null; updated_at: Date }>(
      'guild_budget',
      `SELECT ${CAPS_SQL}, b.updated_by, b.updated_at FROM guild_budgets b WHERE b.guild_id = $1`,
      [guildId],
    );
    const row = result.rows[0];
    return row ? { guildId, caps: overrideOf(row) as SpendCaps, updatedBy: row.updated_by, updatedAt: row.updated_at } : null;
  }

  async setGuildBudget(budget: GuildBudget): Promise<void> {
    const { caps } = budget;
    await this.sql.query(
      'set_guild_budget',
      `INSERT INTO guild_budgets (guild_id, daily_cap_usd, monthly_cap_usd, user_daily_cap_usd, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (guild_id) DO UPDATE SET daily_cap_usd = EXCLUDED.daily_cap_usd, monthly_cap_usd = EXCLUDED.monthly_cap_usd,
         user_daily_cap_usd = EXCLUDED.user_daily_cap_usd, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [budget.guildId, caps.guildDailyUsd, caps.guildMonthlyUsd, caps.userDailyUsd, budget.updatedBy, budget.updatedAt],
    );
  }

}
