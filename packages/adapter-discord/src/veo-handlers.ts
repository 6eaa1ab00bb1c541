import type { GuildStats, HistoryPage, Logger, ModelPolicy, QueryResult, RequestStatus, RetryInput, RetryResult, StatsPeriod, SubmitInput, SubmitResult } from '@veo-bot/core';

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

/**
 * What the bot calls; the composition root wires them to core's use cases. The optional
 * ones switch a command on: `/veo-history` exists only with `history`, `/veo-stats` only
 * with `guildStats`.
 */
export interface VeoHandlers {
  /** A `/veo` command (core SubmitVideoRequest). */
  submit(input: SubmitInput): Promise<SubmitResult>;
  /** A Retry click (core RetryFailedRequest). */
  retry(input: RetryInput): Promise<RetryResult>;
  /** `/veo-history` and its page buttons (core GetUserHistory). */
  history?(input: HistoryInput): Promise<QueryResult<HistoryPage>>;
  /** `/veo-stats` (core GetGuildStats). */
  guildStats?(input: GuildStatsInput): Promise<QueryResult<GuildStats>>;
  /** Turns a stored video URI that users cannot open (`gs://…`) into a link they can; without it the URI is shown as text. */
  linkFor?(uri: string): Promise<string>;
}

/** What the interaction handlers share. */
export interface HandlerDeps {
  readonly handlers: VeoHandlers;
  readonly policy: ModelPolicy;
  readonly logger: Logger;
}
