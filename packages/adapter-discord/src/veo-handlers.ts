import type {
  CancelInput, CancelOutcome,
  AgainInput, AgainResult, BudgetView, ChangeSettingsInput, GuildSettings, SettingsView, GuildStats, HistoryPage, ImageLimits, Logger, ModelPolicy, QueryResult, RequestStatus, RetryInput, RetryResult, StatsPeriod,
  SubmitInput, SubmitResult, UserDataCounts, ExtendCheck, ExtendCheckInput, ExtendInput,
} from '@veo-bot/core';
import type { GuildDirectory } from './guild-directory.js';
import type { DraftStore } from './draft-store.js';

/** One page of a user's own requests (core GetUserHistory). */
export interface HistoryInput {
  readonly userId: string;
  /** Only requests in this status; absent means all. */
  readonly status?: RequestStatus;
  readonly limit: number;
  readonly offset: number;
}

/** A guild's statistics for one bucket size (core GetGuildStats). */
export interface GuildStatsInput {
  readonly guildId: string;
  readonly period: StatsPeriod;
}

/** Whose budget `/veo-budget show` shows: the server's caps and the asker's own. */
export interface BudgetInput {
  readonly guildId: string;
  readonly userId: string;
}

/** `/veo-budget set` (core SetGuildBudget): a number sets a cap (USD), null clears it back to the default, absent keeps it. */
export interface SetBudgetInput {
  readonly guildId: string;
  /** Who changed the caps; the adapter has checked Manage Server. */
  readonly actorId: string;
  readonly caps: { readonly guildDailyUsd?: number | null; readonly guildMonthlyUsd?: number | null; readonly userDailyUsd?: number | null };
}

/** What `/veo-forget-me` erased (core ForgetUser). */
export interface ForgetSummary {
  readonly counts: UserDataCounts;
  /** Requests in progress that were cancelled. */
  readonly cancelled: number;
  /** Requests whose objects Cloud Storage would not delete yet (the hourly sweep retries). */
  readonly storageFailed: number;
}

/**
 * What the bot calls; the composition root wires them to core's use cases. The optional
 * ones switch a command on: `/veo-history` exists only with `history`, `/veo-stats` only
 * with `guildStats`, `/veo-budget` only with `budget` (its `set` needs `setBudget`).
 */
export interface VeoHandlers {
  /** A `/veo` command (core SubmitVideoRequest). */
  submit(input: SubmitInput): Promise<SubmitResult>;
  /** A Retry click (core RetryFailedRequest). */
  retry(input: RetryInput): Promise<RetryResult>;
  /** An Again click on a delivered video (core RequestAgain); without it the button answers "not available". */
  again?(input: AgainInput): Promise<AgainResult>;
  /** A Cancel click on a queued request (core CancelRequest); without it the button answers "not available". */
  cancel?(input: CancelInput): Promise<CancelOutcome>;
  /**
   * The Extend button's quick read before its modal opens (core `ExtendVideo.check`: gone,
   * someone else's, not extendable); without it the modal opens and the submit decides.
   */
  extendCheck?(input: ExtendCheckInput): Promise<ExtendCheck>;
  /** A submitted Extend modal (core ExtendVideo, the authority); without it the button answers "not available". */
  extend?(input: ExtendInput): Promise<AgainResult>;
  /** `/veo-history` and its page buttons (core GetUserHistory). */
  history?(input: HistoryInput): Promise<QueryResult<HistoryPage>>;
  /** `/veo-stats` (core GetGuildStats). */
  guildStats?(input: GuildStatsInput): Promise<QueryResult<GuildStats>>;
  /** `/veo-budget show` (core GetBudget). */
  budget?(input: BudgetInput): Promise<QueryResult<BudgetView>>;
  /** `/veo-budget set` (core SetGuildBudget); `invalid` carries core's wording of what is wrong. */
  setBudget?(input: SetBudgetInput): Promise<QueryResult<BudgetView>>;
  /** `/veo-settings show` (core GuildSettingsAdmin). */
  settings?(guildId: string): Promise<QueryResult<SettingsView>>;
  /** `/veo-settings <setting>` (core GuildSettingsAdmin); `invalid` carries core's wording of what is wrong. */
  changeSettings?(input: ChangeSettingsInput): Promise<QueryResult<SettingsView>>;
  /**
   * A server's settings as this process knows them (core `GuildSettingsCache.get`), to narrow
   * `/veo`'s autocomplete; null when they cannot be known right now. Without it, or when it
   * is slow, autocomplete offers the operator's values (submitting still applies the rules).
   */
  guildSettings?(guildId: string): Promise<GuildSettings | null>;
  /** `/veo-forget-me`: what is stored about the user (core ForgetUser, dry run); the command exists only with `forget`. */
  forgetPreview?(userId: string): Promise<QueryResult<UserDataCounts>>;
  /** The confirm button of `/veo-forget-me` (core ForgetUser): erases the user's data. */
  forget?(userId: string): Promise<QueryResult<ForgetSummary>>;
  /** Turns a stored video URI that users cannot open (`gs://…`) into a link they can; without it the URI is shown as text. */
  linkFor?(uri: string): Promise<string>;
}

/** What the interaction handlers share. */
export interface HandlerDeps {
  readonly handlers: VeoHandlers;
  readonly policy: ModelPolicy;
  readonly logger: Logger;
  /** Limits of a `/veo` image, checked before download (default: core's `DEFAULT_IMAGE_LIMITS`). */
  readonly imageLimits?: ImageLimits;
  /**
   * Where a `/veo` without a prompt waits for its prompt modal (one store for the process's
   * lifetime). Without it a `/veo` without a prompt is refused ("The prompt must not be empty").
   */
  readonly drafts?: DraftStore;
  /** Guild facts shared with the notifier: each interaction reports its guild's exact upload limit into it. */
  readonly guilds?: GuildDirectory;
}
