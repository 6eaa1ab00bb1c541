import { type GuildBudget, type SpendCaps, type SpendTotals, type SpendWindows, effectiveCaps, exceededCap, spendOf } from '../domain/budget.js';
import { RepositoryUnavailableError } from '../domain/errors.js';
import { roundUsd } from '../domain/pricing.js';
import type { RequestImages } from '../domain/request-images.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { BudgetLedger, ReserveResult, SpendScope } from '../ports/budget-ledger.js';
import type { InMemoryRequestRepository } from './in-memory-request-repository.js';

/**
 * BudgetLedger over an {@link InMemoryRequestRepository}'s rows. Each `reserve` reads and inserts
 * without yielding to the event loop, which is what the Postgres lock gives across processes.
 */
export class InMemoryBudgetLedger implements BudgetLedger {
  private readonly budgets = new Map<string, GuildBudget>();

  constructor(private readonly repo: InMemoryRequestRepository) {}

  private guard(method: string): void {
    this.repo.calls.push(`budget.${method}`);
    if (!this.repo.available) throw new RepositoryUnavailableError(`In-memory budget ledger is offline (${method})`);
  }

  private totals(rows: readonly VideoRequest[], scope: SpendScope, windows: SpendWindows): SpendTotals {
    const mine = rows.filter((r) => r.guildId === scope.guildId && r.createdAt >= windows.monthStart && r.createdAt < windows.nextMonth);
    const today = mine.filter((r) => r.createdAt >= windows.dayStart && r.createdAt < windows.nextDay);
    const sum = (list: readonly VideoRequest[]) => roundUsd(list.reduce((t, r) => t + spendOf(r), 0));
    return {
      guildDayUsd: scope.guildId === null ? 0 : sum(today),
      guildMonthUsd: scope.guildId === null ? 0 : sum(mine),
      userDayUsd: sum(today.filter((r) => r.userId === scope.userId)),
    };
  }

  async reserve(request: VideoRequest, defaults: SpendCaps, windows: SpendWindows, images?: RequestImages): Promise<ReserveResult> {
    this.guard('reserve');
    const rows = this.repo.all();
    const caps = effectiveCaps(defaults, request.guildId, request.guildId === null ? null : (this.budgets.get(request.guildId)?.caps ?? null));
    const spent = this.totals(rows, request, windows);
    const existing = rows.find((r) => r.id === request.id || (request.retryOf !== null && r.retryOf === request.retryOf));
    if (!existing && exceededCap(caps, spent, request.estimatedCostUsd, windows)) return { reserved: false, caps, spent };
    return { reserved: true, result: await this.repo.create(request, images), caps, spent };
  }

  async spent(scope: SpendScope, windows: SpendWindows): Promise<SpendTotals> {
    this.guard('spent');
    return this.totals(this.repo.all(), scope, windows);
  }

  async guildBudget(guildId: string): Promise<GuildBudget | null> {
    this.guard('guildBudget');
    const budget = this.budgets.get(guildId);
    return budget ? { ...budget, caps: { ...budget.caps } } : null;
  }

  /** How many guild budgets `userId` changed last. */
  countEditsBy(userId: string): number {
    return [...this.budgets.values()].filter((b) => b.updatedBy === userId).length;
  }

  /** Forgets who changed the budgets `userId` changed last (their id is erased). */
  forgetEditor(userId: string): void {
    for (const [id, budget] of this.budgets) if (budget.updatedBy === userId) this.budgets.set(id, { ...budget, updatedBy: null });
  }

  async setGuildBudget(budget: GuildBudget): Promise<void> {
    this.guard('setGuildBudget');
    this.budgets.set(budget.guildId, { ...budget, caps: { ...budget.caps } });
  }
}
