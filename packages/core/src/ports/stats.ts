import type { RequestStatus } from '../domain/status.js';
import type { VideoRequest } from '../domain/video-request.js';

import type { StatusCounts } from '../domain/stats-math.js';

export type { StatusCounts };

/** Bucket size of guild statistics. */
export type StatsPeriod = 'day' | 'week' | 'month';

/** One page of a user's history. */
export interface HistoryQuery {
  readonly userId: string;
  readonly status?: RequestStatus;
  readonly limit: number;
  readonly offset: number;
}

/** A user's requests, newest first, and how many there are in all (with the filter). */
export interface HistoryPage {
  readonly items: readonly VideoRequest[];
  readonly total: number;
}

/** Statistics of one guild from `since` to `until`, bucketed by `period`. */
export interface GuildStatsQuery {
  readonly guildId: string;
  readonly period: StatsPeriod;
  readonly since: Date;
  readonly until: Date;
}

/** One time bucket of guild statistics. */
export interface StatsBucket {
  /** Start of the bucket (UTC day / ISO week / month). */
  readonly start: Date;
  readonly counts: StatusCounts;
  /** USD spent in the bucket: final costs of finished requests + estimates reserved by running ones. */
  readonly spendUsd?: number;
}

/** Aggregates for one guild (TRK-11 "Query guild statistics"). */
export interface GuildStats {
  readonly guildId: string;
  readonly period: StatsPeriod;
  readonly since: Date;
  readonly until: Date;
  readonly total: number;
  readonly counts: StatusCounts;
  readonly averageDurationMs: number | null;
  readonly p95DurationMs: number | null;
  readonly topPrompts: readonly { readonly prompt: string; readonly count: number }[];
  readonly topUsers: readonly { readonly userId: string; readonly count: number }[];
  readonly buckets: readonly StatsBucket[];
  /** USD spent in the range (final costs + reserved estimates); optional so older fixtures still type-check. */
  readonly spendUsd?: number;
}

/** System-wide numbers since `since` (TRK-12 "Global status dashboard"). */
export interface Dashboard {
  readonly since: Date;
  readonly total: number;
  readonly counts: StatusCounts;
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null; readonly p99: number | null };
  /** failed + timeout over all finished requests, in percent (0 when none finished). */
  readonly failureRatePercent: number;
  /** USD spent since `since` (final costs + reserved estimates of running requests). */
  readonly spendUsd: number;
  /** The same, per model, highest first. */
  readonly spendByModel: readonly { readonly model: string; readonly spendUsd: number }[];
}
