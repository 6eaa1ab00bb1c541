import type { RequestImages } from '../domain/request-images.js';
import type { RequestStatus } from '../domain/status.js';
import type { NotifyOutcome, VideoRequest } from '../domain/video-request.js';
import type { Dashboard, GuildStats, GuildStatsQuery, HistoryPage, HistoryQuery } from './stats.js';

/** A status change and the facts that come with it. */
export interface StatusChange {
  readonly to: RequestStatus;
  /** When it happened: becomes started_at (→ generating) or completed_at (→ terminal). */
  readonly at: Date;
  /** With `generating`: the Vertex operation, stored in the same write. */
  readonly operationName?: string;
  /** With `generating`: where Veo writes the output. */
  readonly gcsPrefix?: string;
  /** With `completed`. */
  readonly videoUrls?: readonly string[];
  /** With `failed` / `timeout`. */
  readonly errorMessage?: string;
  /**
   * With a terminal status: what the request cost. Absent: the repository applies
   * `defaultFinalCost` (the estimate if Google accepted or may have accepted it, else 0).
   */
  readonly finalCostUsd?: number;
}

/**
 * What a guarded transition did — each an expected outcome, returned, not thrown:
 * `applied` moved the row; `already` found it in the target status (idempotent, nothing
 * changed); `refused` found it moved by another writer to a status this change may not follow
 * (a lost race) — `request` is then the row as it stands, so nobody needs to read it again.
 */
export type TransitionResult =
  | { readonly outcome: 'applied'; readonly applied: true; readonly request: VideoRequest }
  | { readonly outcome: 'already' | 'refused'; readonly applied: false; readonly request: VideoRequest };

/** Outcome of {@link RequestRepository.cancel}: the cancelled row, or the row as it stands (null: no such request). */
export type CancelResult =
  | { readonly cancelled: true; readonly request: VideoRequest }
  | { readonly cancelled: false; readonly request: VideoRequest | null };

/** Result of an idempotent create: the new row, or the existing one that took its place. */
export type CreateResult =
  | { readonly created: true; readonly request: VideoRequest }
  /** `id`: same UUID already stored (TRK-8 duplicate). `retry_of`: that request already has a retry. */
  | { readonly created: false; readonly conflict: 'id' | 'retry_of'; readonly request: VideoRequest };

/** A worker's claim on rows, valid until `until`. */
export interface Lease {
  readonly owner: string;
  readonly until: Date;
  /** Current time, to judge whether another worker's lease has run out. */
  readonly now: Date;
}

/** The requests themselves: write and read rows, their images, the guarded status moves and the start count (what a run, a submit, Retry, Again, Extend and Cancel need). */
export interface RequestStore {
  /**
   * Inserts a pending request; idempotent on id and on retry_of (one retry per request). With
   * `images`, every one of them (first frame, last frame, reference images) is stored in the same
   * atomic write: never a request without its images, never an image without its request.
   */
  create(request: VideoRequest, images?: RequestImages): Promise<CreateResult>;
  get(id: string): Promise<VideoRequest | null>;
  /** The images stored with the request, each in its role; `NO_IMAGES` for a text-only (or unknown) request. */
  findImages(id: string): Promise<RequestImages>;
  /** The request made from `id` (a Retry of a failure, or an Again of a video), if any. */
  findRetryOf(id: string): Promise<VideoRequest | null>;
  /**
   * Moves a request along the state machine, guarded so two writers cannot both win.
   * Sets started_at (→ generating), completed_at and duration_ms (→ terminal, from started_at).
   * The lease is kept (a terminal row is released by {@link markNotified}).
   * Same status: no-op (fills completed_at only if it is missing).
   */
  transition(id: string, change: StatusChange): Promise<TransitionResult>;
  /**
   * Cancels a request never sent to Google — pending with no start counted (`attempts = 0`) —
   * in one guarded write, so it races safely with {@link recordStartAttempt} on any instance:
   * whichever writes first wins (a start counted first makes the cancel fail; a cancel first
   * makes the count fail, and nothing is sent). The row becomes `cancelled`, costs 0 (its budget
   * reservation is released), gets completed_at = `at`, counts as notified (the canceller's
   * answer is the notice; nothing is delivered later) and loses its lease.
   */
  cancel(id: string, at: Date): Promise<CancelResult>;
  /**
   * Counts one more Vertex start whose outcome is not yet known, before the call is made: while
   * `attempts > 0` and no operation is stored, a restart must not send the start again. False
   * (nothing counted, nothing to start) when the row is no longer pending — cancelled, started or
   * finished by another writer — or, with `owner` (a fence), no longer leased to `owner` (another
   * instance took it over). Throws RequestNotFoundError when there is no such row.
   * With `expected` (the count the caller believes the row has), a retry after a lost answer
   * counts once: a row already at `expected + 1` is the earlier call's count (true, unchanged).
   */
  recordStartAttempt(id: string, at: Date, owner?: string, expected?: number): Promise<boolean>;
  /**
   * The start counted last got a definite answer that nothing was started (HTTP 429 / 5xx / 4xx
   * came back): take it off the count again (never below 0), so a restart simply starts again
   * and nothing is charged for it.
   */
  recordStartRefused(id: string, at: Date): Promise<void>;
  /**
   * Records that the user was told (or could not be), and releases the row's lease in the same
   * write: a terminal row stays leased to the instance that finished it until then, so no other
   * instance can deliver it a second time. True only for the first call.
   */
  markNotified(id: string, at: Date, outcome: NotifyOutcome): Promise<boolean>;
}

/** Who works on which row: the resume reads, the takeover sweep and the leases (what resume, the sweep and lease renewal need). */
export interface RequestLeases {
  /** Pending and generating requests, oldest first (no age filter: resume decides by age). */
  findIncomplete(limit?: number): Promise<VideoRequest[]>;
  /** Finished requests whose user was never told (notified_at is null), oldest first. */
  findUnnotified(limit?: number): Promise<VideoRequest[]>;
  /**
   * Incomplete or unannounced requests a takeover sweep of `owner` should claim now: never
   * leased, lease run out at `now`, or leased to a worker that is not alive (see
   * `WorkerPresence`); oldest first. The takeover sweep reads this every few seconds.
   */
  findClaimable(owner: string, now: Date, limit?: number): Promise<VideoRequest[]>;
  /**
   * Claims the given rows for `lease.owner` where no other live lease holds them: free, its own,
   * expired at `lease.now`, or held by a worker that is not alive (`FOR UPDATE SKIP LOCKED` in
   * SQL); returns the rows actually claimed, oldest first.
   */
  claim(ids: readonly string[], lease: Lease): Promise<VideoRequest[]>;
  /**
   * {@link findClaimable} and {@link claim} as one atomic step: leases to `lease.owner` up to
   * `limit` of the oldest rows `findClaimable(lease.owner, lease.now)` would return and returns
   * them, oldest first. Rows another claimer is taking at that moment are passed over for the
   * next ones (`FOR UPDATE SKIP LOCKED` in SQL), so concurrent claimers never share a row and
   * never wait on each other.
   */
  claimNext(lease: Lease, limit: number): Promise<VideoRequest[]>;
  /** Extends the lease; false when the row is no longer held by `lease.owner`. */
  renewLease(id: string, lease: Lease): Promise<boolean>;
  /** {@link renewLease} for many rows in one call; returns the ids still held by `lease.owner`. */
  renewLeases(ids: readonly string[], lease: Lease): Promise<string[]>;
  /** Gives the row up (only if held by `owner`). */
  releaseLease(id: string, owner: string): Promise<void>;
  /** Gives up every row held by `owner` (graceful stop); returns how many. */
  releaseLeases(owner: string): Promise<number>;
}

/** Read-only views: history, statistics, the dashboard, ETAs and the per-user limit. */
export interface RequestQueries {
  userHistory(query: HistoryQuery): Promise<HistoryPage>;
  guildStats(query: GuildStatsQuery): Promise<GuildStats>;
  /** Counts, latency percentiles and failure rate of requests created since `since`. */
  dashboard(since: Date): Promise<Dashboard>;
  /**
   * Generation times (`durationMs`) of the `limit` most recently completed requests of `model`,
   * newest first: the history an ETA is estimated from.
   */
  recentCompletionDurations(model: string, limit: number): Promise<number[]>;
  /**
   * How many of the user's requests since `since` count against the limit, and the oldest of
   * them; with `guildId`, only those made in that server (its own per-member limit).
   */
  countRecentByUser(userId: string, since: Date, guildId?: string): Promise<{ count: number; oldest: Date | null }>;
}

/** Retention: what the daily cleanup deletes, and counts first. */
export interface RequestRetention {
  /** Deletes up to `batchSize` finished requests created before `cutoff`; returns how many. */
  deleteOlderThan(cutoff: Date, batchSize: number): Promise<number>;
  /** Counts finished requests created before `cutoff` (what cleanup would delete). */
  countOlderThan(cutoff: Date): Promise<number>;
}

/**
 * Durable store of video requests (Postgres in production): the four narrow ports together,
 * for the adapter that implements them all and the composition root. Callers take the narrow
 * port they need; each has its own contract suite in `@veo-bot/core/testing`.
 *
 * Errors: every method of each port may throw {@link RepositoryUnavailableError} when the store
 * cannot be reached; `transition` throws RequestNotFoundError (a lost race is a `refused` result).
 */
export interface RequestRepository extends RequestStore, RequestLeases, RequestQueries, RequestRetention {}
