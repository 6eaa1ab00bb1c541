import type { RequestStatus } from './status.js';
import type { VideoRequest } from './video-request.js';
import { roundUsd } from './pricing.js';

/** The three caps a request is checked against. */
export type BudgetCap = 'guild-daily' | 'guild-monthly' | 'user-daily';

/** Spending caps in USD; null = no cap. Days and months are UTC. */
export interface SpendCaps {
  readonly guildDailyUsd: number | null;
  readonly guildMonthlyUsd: number | null;
  /** Per user per UTC day, within one guild (or within direct messages). */
  readonly userDailyUsd: number | null;
}

/** No cap at all (the default). */
export const NO_CAPS: SpendCaps = { guildDailyUsd: null, guildMonthlyUsd: null, userDailyUsd: null };

/** A cap above this is a typo, not a budget. */
export const MAX_CAP_USD = 100_000;

/** Whether any cap is set. */
export function hasCaps(caps: SpendCaps): boolean {
  return caps.guildDailyUsd !== null || caps.guildMonthlyUsd !== null || caps.userDailyUsd !== null;
}

const CAP_NAMES: Record<keyof SpendCaps, string> = { guildDailyUsd: 'guild daily cap', guildMonthlyUsd: 'guild monthly cap', userDailyUsd: 'per-user daily cap' };

/** Problems with caps (negative, not a number, absurdly high), phrased for an operator or admin. */
export function validateCaps(caps: Partial<Record<keyof SpendCaps, unknown>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(CAP_NAMES) as (keyof SpendCaps)[]) {
    const value = caps[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) problems.push(`${CAP_NAMES[key]} must be a number of USD`);
    else if (value < 0) problems.push(`${CAP_NAMES[key]} must not be negative`);
    else if (value > MAX_CAP_USD) problems.push(`${CAP_NAMES[key]} must be at most ${MAX_CAP_USD} USD`);
  }
  return problems;
}

/** A guild's own caps, set by its admins; a null cap falls back to the configured default. */
export interface GuildBudget {
  readonly guildId: string;
  readonly caps: SpendCaps;
  /** Who changed them last; null once that user asked to be forgotten. */
  readonly updatedBy: string | null;
  readonly updatedAt: Date;
}

/** The caps that apply: each guild cap where set, else the default. Direct messages have no guild caps. */
export function effectiveCaps(defaults: SpendCaps, guildId: string | null, override: SpendCaps | null): SpendCaps {
  if (guildId === null) return { guildDailyUsd: null, guildMonthlyUsd: null, userDailyUsd: defaults.userDailyUsd };
  return {
    guildDailyUsd: override?.guildDailyUsd ?? defaults.guildDailyUsd,
    guildMonthlyUsd: override?.guildMonthlyUsd ?? defaults.guildMonthlyUsd,
    userDailyUsd: override?.userDailyUsd ?? defaults.userDailyUsd,
  };
}

/** The UTC day and month holding `now`, and when each ends. */
export interface SpendWindows {
  readonly dayStart: Date;
  readonly monthStart: Date;
  readonly nextDay: Date;
  readonly nextMonth: Date;
}

/** Budget windows at `now`: UTC midnight and the 1st of the month, UTC. */
export function spendWindows(now: Date): SpendWindows {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const d = now.getUTCDate();
  return { dayStart: new Date(Date.UTC(y, m, d)), nextDay: new Date(Date.UTC(y, m, d + 1)), monthStart: new Date(Date.UTC(y, m, 1)), nextMonth: new Date(Date.UTC(y, m + 1, 1)) };
}

/** Money counted against the caps in the current windows (reserved estimates + final costs). */
export interface SpendTotals {
  readonly guildDayUsd: number;
  readonly guildMonthUsd: number;
  readonly userDayUsd: number;
}

/** Nothing spent. */
export const ZERO_SPEND: SpendTotals = { guildDayUsd: 0, guildMonthUsd: 0, userDayUsd: 0 };

/** One cap as it stands: its limit, what is used, what is left, when it resets. */
export interface CapStatus {
  readonly cap: BudgetCap;
  readonly limitUsd: number;
  readonly spentUsd: number;
  readonly remainingUsd: number;
  readonly resetsAt: Date;
}

/** Every set cap with its spend, in the order guild monthly, guild daily, user daily. */
export function capStatuses(caps: SpendCaps, spent: SpendTotals, windows: SpendWindows): CapStatus[] {
  const rows: [BudgetCap, number | null, number, Date][] = [
    ['guild-monthly', caps.guildMonthlyUsd, spent.guildMonthUsd, windows.nextMonth],
    ['guild-daily', caps.guildDailyUsd, spent.guildDayUsd, windows.nextDay],
    ['user-daily', caps.userDailyUsd, spent.userDayUsd, windows.nextDay],
  ];
  return rows.flatMap(([cap, limit, used, resetsAt]) =>
    limit === null ? [] : [{ cap, limitUsd: limit, spentUsd: roundUsd(used), remainingUsd: Math.max(0, roundUsd(limit - used)), resetsAt }],
  );
}

/**
 * The cap a request of `estimateUsd` would break, or null when it fits every cap. Of several,
 * the one that resets last (monthly before daily, guild before user): that is when the user can
 * try again.
 */
export function exceededCap(caps: SpendCaps, spent: SpendTotals, estimateUsd: number, windows: SpendWindows): CapStatus | null {
  return capStatuses(caps, spent, windows).find((s) => roundUsd(s.spentUsd + estimateUsd) > s.limitUsd) ?? null;
}

/** Formats USD for people: $3.20. */
export function formatUsd(value: number): string {
  return `$${value.toFixed(2)}`;
}

const CAP_LABEL: Record<BudgetCap, string> = {
  'guild-daily': "This server's daily video budget",
  'guild-monthly': "This server's monthly video budget",
  'user-daily': 'Your daily video budget on this server',
};

/** What a refused user reads: which cap, how much is left, when it resets (UTC). */
export function budgetRefusalMessage(status: CapStatus, estimateUsd: number): string {
  const reset = status.cap === 'guild-monthly' ? `on ${status.resetsAt.toISOString().slice(0, 10)} (1st of the month, UTC)` : 'at midnight UTC';
  return `${CAP_LABEL[status.cap]} of ${formatUsd(status.limitUsd)} has ${formatUsd(status.remainingUsd)} left; this video would cost about ${formatUsd(estimateUsd)}. It resets ${reset}. A shorter video, no audio or a Fast model costs less.`;
}

/**
 * What a request that ends in `to` costs when nothing more precise is known: a completed one
 * its estimate; one Google accepted (operation name) or may have accepted (a start attempt whose
 * answer was lost) its estimate too — when unsure, count it; one never sent, nothing.
 */
export function defaultFinalCost(request: Pick<VideoRequest, 'estimatedCostUsd' | 'operationName' | 'attempts'>, to: RequestStatus): number {
  if (to === 'completed' || request.operationName !== null || request.attempts > 0) return request.estimatedCostUsd;
  return 0;
}

/** What a request counts against budgets and in spend totals: its final cost, or its reserved estimate while it runs. */
export function spendOf(request: Pick<VideoRequest, 'finalCostUsd' | 'estimatedCostUsd'>): number {
  return request.finalCostUsd ?? request.estimatedCostUsd;
}
