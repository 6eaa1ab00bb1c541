import { REQUEST_STATUSES, type RequestStatus } from './status.js';

/** Requests counted per status; every status is present. */
export type StatusCounts = Readonly<Record<RequestStatus, number>>;

/** Counts with every status at zero. */
export function emptyCounts(): Record<RequestStatus, number> {
  return Object.fromEntries(REQUEST_STATUSES.map((s) => [s, 0])) as Record<RequestStatus, number>;
}

/** Continuous percentile (like SQL `percentile_cont`) of `values`; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  const highValue = sorted[high] as number;
  return lowValue + (highValue - lowValue) * (rank - low);
}

/** failed + timeout over finished requests, in percent, rounded to 0.01. */
export function failureRatePercent(counts: StatusCounts): number {
  const finished = counts.completed + counts.failed + counts.timeout;
  if (finished === 0) return 0;
  return Math.round(((counts.failed + counts.timeout) / finished) * 10_000) / 100;
}

/** Start of the UTC bucket holding `at`: midnight, Monday of the ISO week, or the 1st of the month. */
export function bucketStart(at: Date, period: 'day' | 'week' | 'month'): Date {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  const d = at.getUTCDate();
  if (period === 'month') return new Date(Date.UTC(y, m, 1));
  if (period === 'day') return new Date(Date.UTC(y, m, d));
  const weekday = (at.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(Date.UTC(y, m, d - weekday));
}
