import { type SpendCaps, budgetRefusalMessage, effectiveCaps, exceededCap, hasCaps, spendWindows } from '../domain/budget.js';
import { RepositoryUnavailableError, describeError } from '../domain/errors.js';
import { type PriceTable, estimateCostUsd } from '../domain/pricing.js';
import type { RequestImages } from '../domain/request-images.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { BudgetLedger } from '../ports/budget-ledger.js';
import type { Logger } from '../ports/logger.js';
import type { CreateResult, RequestRepository } from '../ports/request-repository.js';
import type { BudgetRefusal } from '../use-cases/results.js';

/** Prices, default caps and (optionally) the ledger that enforces them. */
export interface SpendControlDeps {
  readonly repo: RequestRepository;
  readonly logger: Logger;
  readonly prices: PriceTable;
  /** Default caps from configuration; guilds may set their own through the ledger. */
  readonly caps: SpendCaps;
  /** Without a ledger no cap is enforced (estimates are still recorded). */
  readonly ledger?: BudgetLedger;
}

/** How storing a new request went. */
export type StoreOutcome = { readonly ok: true; readonly result: CreateResult } | BudgetRefusal;

const UNAVAILABLE_RETRY_MS = 60_000;

/**
 * Prices a new request and stores it through the budget ledger, so the estimate is reserved in
 * the same step that creates the row. Shared by submit and retry.
 */
export class SpendControl {
  /** Guilds seen with caps of their own: during an outage their caps still refuse (fail closed). */
  private readonly cappedGuilds = new Set<string>();

  constructor(private readonly deps: SpendControlDeps) {}

  /** The request with its estimated cost filled in. */
  priced(draft: VideoRequest): VideoRequest {
    return { ...draft, estimatedCostUsd: estimateCostUsd(draft, this.deps.prices) };
  }

  /**
   * Stores `request` if it fits every cap. Throws RepositoryUnavailableError when the database
   * is down and no cap can apply (the caller keeps DUR-16's synthetic-id behaviour); when a
   * cap could apply, refuses with `budget-unavailable` instead. `images` are stored with the row, atomically.
   */
  async store(request: VideoRequest, now: Date, images?: RequestImages): Promise<StoreOutcome> {
    const { ledger } = this.deps;
    if (!ledger) return { ok: true, result: await this.deps.repo.create(request, images) };
    const windows = spendWindows(now);
    try {
      const reserved = await ledger.reserve(request, this.deps.caps, windows, images);
      if (request.guildId !== null && hasCaps(reserved.caps)) this.cappedGuilds.add(request.guildId);
      if (reserved.reserved) return { ok: true, result: reserved.result };
      const over = exceededCap(reserved.caps, reserved.spent, request.estimatedCostUsd, windows);
      if (!over) throw new Error('BudgetLedger refused a request that fits every cap');
      this.deps.logger.info('Request refused by budget', { user_id: request.userId, guild_id: request.guildId, cap: over.cap, limit_usd: over.limitUsd, remaining_usd: over.remainingUsd, estimate_usd: request.estimatedCostUsd });
      return {
        ok: false,
        reason: 'over-budget',
        cap: over.cap,
        limitUsd: over.limitUsd,
        remainingUsd: over.remainingUsd,
        estimateUsd: request.estimatedCostUsd,
        retryAt: over.resetsAt,
        message: budgetRefusalMessage(over, request.estimatedCostUsd),
      };
    } catch (error) {
      if (!(error instanceof RepositoryUnavailableError) || !this.mayBeCapped(request.guildId)) throw error;
      this.deps.logger.warn('Budget not checked (database unavailable); request refused', { user_id: request.userId, guild_id: request.guildId, ...describeError(error) });
      return {
        ok: false,
        reason: 'budget-unavailable',
        retryAt: new Date(now.getTime() + UNAVAILABLE_RETRY_MS),
        message: 'Spending limits cannot be checked right now, so no video can be started. Please try again in a minute.',
      };
    }
  }

  private mayBeCapped(guildId: string | null): boolean {
    return hasCaps(effectiveCaps(this.deps.caps, guildId, null)) || (guildId !== null && this.cappedGuilds.has(guildId));
  }
}
