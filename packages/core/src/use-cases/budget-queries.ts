import { type CapStatus, type SpendCaps, type SpendTotals, capStatuses, effectiveCaps, spendWindows, validateCaps } from '../domain/budget.js';
import { describeError } from '../domain/errors.js';
import type { BudgetLedger } from '../ports/budget-ledger.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { QueryResult } from './queries.js';

/** A guild's budget as `/veo-budget` shows it. */
export interface BudgetView {
  readonly guildId: string | null;
  readonly userId: string;
  /** The caps in force (guild caps over the configured defaults). */
  readonly caps: SpendCaps;
  /** The configured defaults. */
  readonly defaults: SpendCaps;
  /** The guild's own caps (null caps inherit the defaults), null when it never set any. */
  readonly guildCaps: SpendCaps | null;
  readonly updatedBy: string | null;
  readonly updatedAt: Date | null;
  /** Spend counted against the caps today / this month (UTC), including running requests' reservations. */
  readonly spent: SpendTotals;
  /** Every cap in force with its limit, spend, what is left and when it resets. */
  readonly statuses: readonly CapStatus[];
}

/** Dependencies of the budget use cases. */
export interface BudgetDeps {
  readonly ledger?: BudgetLedger;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaults: SpendCaps;
}

const UNAVAILABLE = 'Budgets are temporarily unavailable. Please try again in a minute.';
const DISABLED = 'Budgets need the Postgres database; they are not enabled in this deployment.';

async function view(deps: BudgetDeps, ledger: BudgetLedger, guildId: string | null, userId: string): Promise<BudgetView> {
  const windows = spendWindows(deps.clock.now());
  const own = guildId === null ? null : await ledger.guildBudget(guildId);
  const caps = effectiveCaps(deps.defaults, guildId, own?.caps ?? null);
  const spent = await ledger.spent({ guildId, userId }, windows);
  return { guildId, userId, caps, defaults: deps.defaults, guildCaps: own?.caps ?? null, updatedBy: own?.updatedBy ?? null, updatedAt: own?.updatedAt ?? null, spent, statuses: capStatuses(caps, spent, windows) };
}

/** `/veo-budget` (show): caps in force, spend today and this month, what is left and when it resets. */
export class GetBudget {
  constructor(private readonly deps: BudgetDeps) {}

  async execute(input: { guildId: string | null; userId: string }): Promise<QueryResult<BudgetView>> {
    const { ledger } = this.deps;
    if (!ledger) return { ok: false, reason: 'unavailable', message: DISABLED };
    try {
      return { ok: true, value: await view(this.deps, ledger, input.guildId, input.userId) };
    } catch (error) {
      this.deps.logger.error('Query failed: budget', describeError(error));
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }
}

/** New caps for a guild: a number sets the cap (USD), null clears it (back to the default), absent keeps it. */
export interface SetGuildBudgetInput {
  readonly guildId: string;
  /** Who set it (kept for the audit trail). The chat adapter checks the permission (Manage Server) first. */
  readonly actorId: string;
  readonly caps: Partial<Record<keyof SpendCaps, number | null>>;
}

/** `/veo-budget` (set): validates and stores a guild's own caps; answers with the budget as it now stands. */
export class SetGuildBudget {
  constructor(private readonly deps: BudgetDeps) {}

  async execute(input: SetGuildBudgetInput): Promise<QueryResult<BudgetView>> {
    const { ledger } = this.deps;
    if (!ledger) return { ok: false, reason: 'unavailable', message: DISABLED };
    if (!input.guildId) return { ok: false, reason: 'invalid', message: 'Budgets are set per server.' };
    const problems = validateCaps(input.caps);
    if (problems.length > 0) return { ok: false, reason: 'invalid', message: `${problems.join('; ')}.` };
    try {
      const current = (await ledger.guildBudget(input.guildId))?.caps ?? { guildDailyUsd: null, guildMonthlyUsd: null, userDailyUsd: null };
      const changes = Object.fromEntries(Object.entries(input.caps).filter(([, v]) => v !== undefined));
      const caps: SpendCaps = { ...current, ...changes };
      await ledger.setGuildBudget({ guildId: input.guildId, caps, updatedBy: input.actorId, updatedAt: this.deps.clock.now() });
      this.deps.logger.info('Guild budget set', { guild_id: input.guildId, user_id: input.actorId, daily_cap_usd: caps.guildDailyUsd, monthly_cap_usd: caps.guildMonthlyUsd, user_daily_cap_usd: caps.userDailyUsd });
      return { ok: true, value: await view(this.deps, ledger, input.guildId, input.actorId) };
    } catch (error) {
      this.deps.logger.error('Setting guild budget failed', { guild_id: input.guildId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }
}
