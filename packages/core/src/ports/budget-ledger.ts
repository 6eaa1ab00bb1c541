import type { GuildBudget, SpendCaps, SpendTotals, SpendWindows } from '../domain/budget.js';
import type { RequestImages } from '../domain/request-images.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { CreateResult } from './request-repository.js';

/** Outcome of {@link BudgetLedger.reserve}; `caps` are the caps that applied, `spent` the spend before this request. */
export type ReserveResult =
  /** Stored (or an earlier row with the same id / retry_of found: no second reservation). */
  | { readonly reserved: true; readonly result: CreateResult; readonly caps: SpendCaps; readonly spent: SpendTotals }
  /** Over at least one cap: nothing stored. */
  | { readonly reserved: false; readonly caps: SpendCaps; readonly spent: SpendTotals };

/** Whose spend to read: a guild and one of its users (guildId null: the user's direct messages). */
export interface SpendScope {
  readonly guildId: string | null;
  readonly userId: string;
}

/**
 * Where spend is reserved and capped. A request's row is its reservation: its estimate counts
 * while it runs, its final cost once it ends (0 releases it), so reservation and request can
 * never disagree. Shares its store with the RequestRepository.
 *
 * Errors: every method may throw RepositoryUnavailableError when the store cannot be reached.
 */
export interface BudgetLedger {
  /**
   * Atomically: under a lock on the request's guild (or, in DMs, its user), sums the spend of
   * the current UTC day and month, applies the guild's own caps over `defaults`, and inserts
   * `request` (pending, `estimatedCostUsd` set) only if it fits every cap. Concurrent calls for
   * the last dollar: one wins. Idempotent on id and retry_of like `RequestRepository.create`, and
   * like it stores `images` in the same atomic write as the row.
   */
  reserve(request: VideoRequest, defaults: SpendCaps, windows: SpendWindows, images?: RequestImages): Promise<ReserveResult>;
  /** Spend counted against the caps in `windows` for `scope`. */
  spent(scope: SpendScope, windows: SpendWindows): Promise<SpendTotals>;
  /** A guild's own caps (null caps inherit the defaults), or null when it never set any. */
  guildBudget(guildId: string): Promise<GuildBudget | null>;
  /** Stores a guild's own caps, replacing earlier ones. */
  setGuildBudget(budget: GuildBudget): Promise<void>;
}
