import { spendOf } from '../domain/budget.js';
import { roundUsd } from '../domain/pricing.js';
import { bucketStart, emptyCounts, failureRatePercent, percentile } from '../domain/stats-math.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Dashboard, GuildStats, GuildStatsQuery } from '../ports/stats.js';

const sumSpend = (rows: readonly VideoRequest[]) => roundUsd(rows.reduce((total, r) => total + spendOf(r), 0));

/** {@link GuildStats} of `all` (every row, oldest first), as the in-memory repository answers `guildStats`. */
export function guildStatsOf(all: readonly VideoRequest[], query: GuildStatsQuery): GuildStats {
  const rows = all.filter((r) => r.guildId === query.guildId && r.createdAt >= query.since && r.createdAt < query.until);
  const counts = emptyCounts();
  const buckets = new Map<number, ReturnType<typeof emptyCounts>>();
  const prompts = new Map<string, number>();
  const users = new Map<string, number>();
  const bucketSpend = new Map<number, number>();
  for (const r of rows) {
    counts[r.status] += 1;
    const key = bucketStart(r.createdAt, query.period).getTime();
    const bucket = buckets.get(key) ?? emptyCounts();
    bucket[r.status] += 1;
    buckets.set(key, bucket);
    bucketSpend.set(key, roundUsd((bucketSpend.get(key) ?? 0) + spendOf(r)));
    // A forgotten user's rows count, anonymously: no prompt, no user.
    if (r.prompt) prompts.set(r.prompt, (prompts.get(r.prompt) ?? 0) + 1);
    if (r.userId) users.set(r.userId, (users.get(r.userId) ?? 0) + 1);
  }
  const durations = rows.filter((r) => r.status === 'completed' && r.durationMs !== null).map((r) => r.durationMs as number);
  const top = <K extends string>(m: Map<string, number>, key: K) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([value, count]) => ({ [key]: value, count }) as { [P in K]: string } & { count: number });
  return {
    guildId: query.guildId,
    period: query.period,
    since: query.since,
    until: query.until,
    total: rows.length,
    counts,
    averageDurationMs: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : null,
    p95DurationMs: percentile(durations, 0.95),
    topPrompts: top(prompts, 'prompt'),
    topUsers: top(users, 'userId'),
    buckets: [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([start, c]) => ({ start: new Date(start), counts: c, spendUsd: bucketSpend.get(start) ?? 0 })),
    spendUsd: sumSpend(rows),
  };
}

/** The {@link Dashboard} of `all` (every row, oldest first) since `since`. */
export function dashboardOf(all: readonly VideoRequest[], since: Date): Dashboard {
  const rows = all.filter((r) => r.createdAt >= since);
  const counts = emptyCounts();
  for (const r of rows) counts[r.status] += 1;
  const durations = rows.filter((r) => r.status === 'completed' && r.durationMs !== null).map((r) => r.durationMs as number);
  return {
    since,
    total: rows.length,
    counts,
    latencyMs: { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95), p99: percentile(durations, 0.99) },
    failureRatePercent: failureRatePercent(counts),
    spendUsd: sumSpend(rows),
    spendByModel: [...new Set(rows.map((r) => r.model))]
      .map((model) => ({ model, spendUsd: sumSpend(rows.filter((r) => r.model === model)) }))
      .filter((m) => m.spendUsd > 0)
      .sort((a, b) => b.spendUsd - a.spendUsd || a.model.localeCompare(b.model)),
  };
}
