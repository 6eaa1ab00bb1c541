import { emptyCounts, failureRatePercent, REQUEST_STATUSES, roundUsd } from '@veo-bot/core';
import type { Dashboard, GuildStats, GuildStatsQuery, HistoryPage, HistoryQuery, RequestStatus, StatusCounts } from '@veo-bot/core';
import { rowToRequest, type VideoRequestRow } from './row-mapper.js';
import type { SqlRunner } from './sql-runner.js';

/** `count(*) FILTER (…)` per status, as integer columns named after the status. */
const COUNTS_SQL = REQUEST_STATUSES.map((s) => `count(*) FILTER (WHERE status = '${s}')::int AS ${s}`).join(', ');

type CountRow = Record<RequestStatus, number>;

/** What a row counts in spend totals: its final cost, or its reserved estimate while it runs. */
export const SPEND_SQL = 'coalesce(final_cost_usd, estimated_cost_usd)';
const SPEND_SUM = `coalesce(sum(${SPEND_SQL}), 0)::float8`;

function countsOf(row: Partial<CountRow> | undefined): StatusCounts {
  const counts = emptyCounts();
  for (const s of REQUEST_STATUSES) counts[s] = Number(row?.[s] ?? 0);
  return counts;
}

/** A user's requests, newest first, one page, plus the total with the same filter. */
export async function userHistory(sql: SqlRunner, q: HistoryQuery): Promise<HistoryPage> {
  const params: unknown[] = [q.userId];
  const where = q.status === undefined ? 'user_id = $1' : `user_id = $1 AND status = $${params.push(q.status)}`;
  const page = await sql.query<VideoRequestRow>(
    'user_history',
    `SELECT * FROM video_requests WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  const total = await sql.query<{ total: number }>('user_history_count', `SELECT count(*)::int AS total FROM video_requests WHERE ${where}`, params);
  return { items: page.rows.map(rowToRequest), total: total.rows[0]?.total ?? 0 };
}

interface GuildStatsRow extends CountRow {
  total: number;
  avg_ms: string | null;
  p95_ms: number | null;
  top_prompts: { prompt: string; count: number }[];
  top_users: { userId: string; count: number }[];
  buckets: ({ start: string; spend_usd: number } & CountRow)[];
  spend_usd: number;
}

/** Guild statistics in one round trip: counts, durations, top prompts and users, UTC buckets. */
export async function guildStats(sql: SqlRunner, q: GuildStatsQuery): Promise<GuildStats> {
  const result = await sql.query<GuildStatsRow>(
    'guild_stats',
    `WITH g AS MATERIALIZED (
       SELECT status, prompt, user_id, duration_ms, created_at, estimated_cost_usd, final_cost_usd FROM video_requests
       WHERE guild_id = $1 AND created_at >= $2 AND created_at < $3)
     SELECT s.*,
       (SELECT coalesce(json_agg(t), '[]') FROM (SELECT prompt, count(*)::int AS count FROM g WHERE prompt IS NOT NULL
          GROUP BY prompt ORDER BY count(*) DESC, prompt LIMIT 10) t) AS top_prompts,
       (SELECT coalesce(json_agg(t), '[]') FROM (SELECT user_id AS "userId", count(*)::int AS count FROM g WHERE user_id IS NOT NULL
          GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 10) t) AS top_users,
       (SELECT coalesce(json_agg(t ORDER BY t.start), '[]') FROM (SELECT date_trunc($4, created_at, 'UTC') AS start, ${COUNTS_SQL},
          ${SPEND_SUM} AS spend_usd FROM g GROUP BY 1) t) AS buckets
     FROM (SELECT count(*)::int AS total, ${COUNTS_SQL}, ${SPEND_SUM} AS spend_usd,
             round(avg(duration_ms) FILTER (WHERE status = 'completed')) AS avg_ms,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status = 'completed') AS p95_ms
           FROM g) s`,
    [q.guildId, q.since, q.until, q.period],
  );
  const row = result.rows[0];
  return {
    guildId: q.guildId,
    period: q.period,
    since: q.since,
    until: q.until,
    total: row?.total ?? 0,
    counts: countsOf(row),
    averageDurationMs: row?.avg_ms == null ? null : Number(row.avg_ms),
    p95DurationMs: row?.p95_ms ?? null,
    topPrompts: row?.top_prompts ?? [],
    topUsers: row?.top_users ?? [],
    buckets: (row?.buckets ?? []).map((b) => ({ start: new Date(b.start), counts: countsOf(b), spendUsd: roundUsd(Number(b.spend_usd)) })),
    spendUsd: roundUsd(Number(row?.spend_usd ?? 0)),
  };
}

interface DashboardRow extends CountRow {
  total: number;
  pcts: number[] | null;
  spend_usd: number;
  by_model: { model: string; spendUsd: number }[] | null;
}

/** System-wide counts, latency percentiles and failure rate since `since`, in one query. */
export async function dashboard(sql: SqlRunner, since: Date): Promise<Dashboard> {
  const result = await sql.query<DashboardRow>(
    'dashboard',
    `WITH d AS MATERIALIZED (SELECT status, duration_ms, model, estimated_cost_usd, final_cost_usd FROM video_requests WHERE created_at >= $1)
     SELECT count(*)::int AS total, ${COUNTS_SQL}, ${SPEND_SUM} AS spend_usd,
       (SELECT json_agg(m ORDER BY m."spendUsd" DESC, m.model) FROM (SELECT model, ${SPEND_SUM} AS "spendUsd" FROM d GROUP BY model
          HAVING sum(${SPEND_SQL}) > 0) m) AS by_model,
       percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY duration_ms)
         FILTER (WHERE status = 'completed' AND duration_ms IS NOT NULL) AS pcts
     FROM d`,
    [since],
  );
  const row = result.rows[0];
  const counts = countsOf(row);
  const [p50 = null, p95 = null, p99 = null] = row?.pcts ?? [];
  return {
    since, total: row?.total ?? 0, counts, latencyMs: { p50, p95, p99 }, failureRatePercent: failureRatePercent(counts),
    spendUsd: roundUsd(Number(row?.spend_usd ?? 0)),
    spendByModel: (row?.by_model ?? []).map((m) => ({ model: m.model, spendUsd: roundUsd(Number(m.spendUsd)) })),
  };
}
