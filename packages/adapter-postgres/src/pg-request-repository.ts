import type pg from 'pg';
import { hasImages, isTerminal, LogEvents, RequestNotFoundError } from '@veo-bot/core';
import type {
  CancelResult, CreateResult, Dashboard, GuildStats, GuildStatsQuery, HistoryPage, HistoryQuery, Lease, Logger, NotifyOutcome,
  RequestImages, RequestRepository, StatusChange, TransitionResult, VideoRequest,
} from '@veo-bot/core';
import { FIND_IMAGES_SQL, imageParams, insertImageCte, rowsToImages, type RequestImageRow } from './image-sql.js';
import { COLUMNS, INSERT_REQUEST_SQL, requestToParams, rowToRequest, type VideoRequestRow } from './row-mapper.js';
import { SqlRunner, type SlowQueryThresholds } from './sql-runner.js';
import { dashboard, guildStats, userHistory } from './stats-queries.js';
import { CLAIM_NEXT_SQL, OPEN } from './claim-sql.js';
import { guardedTransition } from './transition-sql.js';
import { ownerGone } from './pg-worker-presence.js';
import { HAS_OBJECTS_SQL } from './pg-erasure-store.js';

/** What {@link PgRequestRepository} needs. */
export interface PgRequestRepositoryDeps {
  /** A pool made by `createPool` (UTC sessions, schema in `search_path`), migrated with `migrate`. */
  readonly pool: pg.Pool;
  readonly logger: Logger;
  /** When to log "Slow query" (default: info over 100 ms, warning over 500 ms). */
  readonly slowQuery?: SlowQueryThresholds;
}

const INCOMPLETE = `status IN ('pending', 'generating')`;
// The request row and its images in one statement: all or none.
const INSERT_WITH_IMAGE_SQL = `WITH ins AS (${INSERT_REQUEST_SQL}), ${insertImageCte(COLUMNS.length + 1)} SELECT * FROM ins`;
// Finished rows that may still need announcing. A cancelled row is announced in the write that
// cancels it (never unnotified), so it is left out and the partial indexes keep matching.
const TERMINAL = `status IN ('completed', 'failed', 'timeout')`;

/**
 * RequestRepository on PostgreSQL. Every state change is one guarded statement, so several
 * instances can share the table safely; connection failures surface as
 * RepositoryUnavailableError.
 */
export class PgRequestRepository implements RequestRepository {
  private readonly sql: SqlRunner;

  constructor(private readonly deps: PgRequestRepositoryDeps) {
    this.sql = new SqlRunner(deps.pool, deps.logger, deps.slowQuery);
  }

  create(request: VideoRequest, images?: RequestImages): Promise<CreateResult> {
    return this.insert(request, images && hasImages(images) ? images : undefined, 1);
  }

  private async insert(request: VideoRequest, image: RequestImages | undefined, retriesLeft: number): Promise<CreateResult> {
    const inserted = image
      ? await this.sql.query<VideoRequestRow>('create_with_image', INSERT_WITH_IMAGE_SQL, [...requestToParams(request), ...imageParams(image)])
      : await this.sql.query<VideoRequestRow>('create', INSERT_REQUEST_SQL, requestToParams(request));
    const row = inserted.rows[0];
    if (row) return { created: true, request: rowToRequest(row) };
    const existing = await this.get(request.id);
    if (existing) {
      this.deps.logger.warn(LogEvents.duplicateRequest, { request_id: request.id, user_id: request.userId });
      return { created: false, conflict: 'id', request: existing };
    }
    const retry = request.retryOf ? await this.findRetryOf(request.retryOf) : null;
    if (retry) return { created: false, conflict: 'retry_of', request: retry };
    // The conflicting row vanished between the two statements (deleted meanwhile): try again once.
    if (retriesLeft > 0) return this.insert(request, image, retriesLeft - 1);
    throw new Error(`Request ${request.id} conflicted with a row that no longer exists`);
  }

  async get(id: string): Promise<VideoRequest | null> {
    const result = await this.sql.query<VideoRequestRow>('get', 'SELECT * FROM video_requests WHERE id = $1', [id]);
    const row = result.rows[0];
    return row ? rowToRequest(row) : null;
  }

  async findImages(id: string): Promise<RequestImages> {
    return rowsToImages((await this.sql.query<RequestImageRow>('find_images', FIND_IMAGES_SQL, [id])).rows);
  }

  async recentCompletionDurations(model: string, limit: number): Promise<number[]> {
    // Served by video_requests_model_completed_idx (index-only).
    const result = await this.sql.query<{ duration_ms: string }>(
      'recent_completion_durations',
      `SELECT duration_ms FROM video_requests WHERE status = 'completed' AND model = $1 AND duration_ms IS NOT NULL
       ORDER BY completed_at DESC LIMIT $2`,
      [model, limit],
    );
    return result.rows.map((r) => Number(r.duration_ms));
  }

  async transition(id: string, change: StatusChange): Promise<TransitionResult> {
    const update = guardedTransition(id, change);
    const moved = await this.sql.query<VideoRequestRow>('transition', update.text, update.params);
    const row = moved.rows[0];
    if (row) return { outcome: 'applied', applied: true, request: rowToRequest(row) };
    const current = await this.get(id);
    if (!current) throw new RequestNotFoundError(id);
    // The caller logs the lost race (RequestWriter: "Invalid status transition attempted").
    if (current.status !== change.to) return { outcome: 'refused', applied: false, request: current };
    if (isTerminal(current.status) && current.completedAt === null) {
      const filled = await this.sql.query<VideoRequestRow>(
        'transition_fill_completed_at',
        'UPDATE video_requests SET completed_at = $2 WHERE id = $1 AND completed_at IS NULL RETURNING *',
        [id, change.at],
      );
      const filledRow = filled.rows[0];
      if (filledRow) return { outcome: 'already', applied: false, request: rowToRequest(filledRow) };
    }
    return { outcome: 'already', applied: false, request: current };
  }

  async recordStartAttempt(id: string, at: Date, owner?: string, expected?: number): Promise<boolean> {
    // The lease check makes this a fence: an instance that lost the row cannot count (and then make) a start.
    // A row already one past `expected` holds the count of an earlier call whose answer was lost.
    const result = await this.sql.query(
      'record_start_attempt',
      `UPDATE video_requests SET attempts = attempts + 1, updated_at = $2
       WHERE id = $1 AND status = 'pending' AND ($3::text IS NULL OR lease_owner = $3)
         AND ($4::int IS NULL OR attempts <> $4 + 1)`,
      [id, at, owner ?? null, expected ?? null],
    );
    if (result.rowCount) return true;
    const current = await this.get(id);
    if (!current) throw new RequestNotFoundError(id);
    if (current.status !== 'pending') return false;
    return expected !== undefined && current.attempts === expected + 1 && (owner === undefined || current.leaseOwner === owner);
  }

  async cancel(id: string, at: Date): Promise<CancelResult> {
    // One guarded statement: the same row condition recordStartAttempt needs (pending), plus
    // "no start counted", so exactly one of a cancel and a start wins, on any instance.
    const result = await this.sql.query<VideoRequestRow>(
      'cancel_request',
      `UPDATE video_requests SET status = 'cancelled', completed_at = $2, updated_at = $2, final_cost_usd = 0,
         notified_at = $2, notify_outcome = 'delivered', lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND status = 'pending' AND attempts = 0 RETURNING *`,
      [id, at],
    );
    const row = result.rows[0];
    if (row) return { cancelled: true, request: rowToRequest(row) };
    return { cancelled: false, request: await this.get(id) };
  }

  async recordStartRefused(id: string, at: Date): Promise<void> {
    await this.sql.query(
      'record_start_refused',
      `UPDATE video_requests SET attempts = attempts - 1, updated_at = $2 WHERE id = $1 AND status = 'pending' AND attempts > 0`,
      [id, at],
    );
  }

  async findClaimable(owner: string, now: Date, limit?: number): Promise<VideoRequest[]> {
    // Liveness per distinct owner, not per row: a dead owner's advisory lock can be taken.
    const result = await this.sql.query<VideoRequestRow>(
      'find_claimable',
      `WITH owners AS (
         SELECT DISTINCT lease_owner FROM video_requests
         WHERE ${OPEN} AND lease_owner IS NOT NULL AND lease_owner <> $1 AND lease_until > $2),
       dead AS (SELECT lease_owner FROM owners WHERE ${ownerGone('lease_owner')})
       SELECT * FROM video_requests
       WHERE ${OPEN} AND (lease_owner IS NULL OR lease_until IS NULL OR lease_until <= $2
                          OR lease_owner IN (SELECT lease_owner FROM dead))
       ORDER BY created_at, id LIMIT $3`,
      [owner, now, limit ?? null],
    );
    return result.rows.map(rowToRequest);
  }

  async findIncomplete(limit?: number): Promise<VideoRequest[]> {
    return this.list('find_incomplete', INCOMPLETE, limit);
  }

  async findUnnotified(limit?: number): Promise<VideoRequest[]> {
    return this.list('find_unnotified', `notified_at IS NULL AND ${TERMINAL}`, limit);
  }

  private async list(type: string, where: string, limit?: number): Promise<VideoRequest[]> {
    const result = await this.sql.query<VideoRequestRow>(
      type,
      `SELECT * FROM video_requests WHERE ${where} ORDER BY created_at, id LIMIT $1`,
      [limit ?? null],
    );
    return result.rows.map(rowToRequest);
  }

  async claim(ids: readonly string[], lease: Lease): Promise<VideoRequest[]> {
    if (ids.length === 0) return [];
    // Locking in one order (created_at) and skipping rows another claimer holds means two
    // claimers never wait on each other and never both get a row.
    const result = await this.sql.query<VideoRequestRow>(
      'claim',
      `WITH free AS (
         SELECT id FROM video_requests
         WHERE id = ANY($1::uuid[])
           AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until IS NULL OR lease_until <= $4 OR ${ownerGone('lease_owner')})
         ORDER BY created_at, id
         FOR UPDATE SKIP LOCKED)
       UPDATE video_requests v SET lease_owner = $2, lease_until = $3
       FROM free WHERE v.id = free.id RETURNING v.*`,
      [[...ids], lease.owner, lease.until, lease.now],
    );
    return result.rows.map(rowToRequest).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async claimNext(lease: Lease, limit: number): Promise<VideoRequest[]> {
    if (limit <= 0) return [];
    const result = await this.sql.query<VideoRequestRow>('claim_next', CLAIM_NEXT_SQL, [lease.owner, lease.until, lease.now, limit]);
    return result.rows.map(rowToRequest).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
  }

  async renewLease(id: string, lease: Lease): Promise<boolean> {
    const result = await this.sql.query('renew_lease', 'UPDATE video_requests SET lease_until = $3 WHERE id = $1 AND lease_owner = $2', [
      id, lease.owner, lease.until,
    ]);
    return result.rowCount === 1;
  }

  async renewLeases(ids: readonly string[], lease: Lease): Promise<string[]> {
    if (ids.length === 0) return [];
    const result = await this.sql.query<{ id: string }>(
      'renew_leases',
      'UPDATE video_requests SET lease_until = $3 WHERE id = ANY($1::uuid[]) AND lease_owner = $2 RETURNING id',
      [[...ids], lease.owner, lease.until],
    );
    return result.rows.map((r) => r.id);
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.sql.query('release_lease', 'UPDATE video_requests SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2', [
      id, owner,
    ]);
  }

  async releaseLeases(owner: string): Promise<number> {
    const result = await this.sql.query('release_leases', 'UPDATE video_requests SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1', [owner]);
    return result.rowCount ?? 0;
  }

  async markNotified(id: string, at: Date, outcome: NotifyOutcome): Promise<boolean> {
    // The finishing instance held the row until now; releasing in the same write leaves no gap.
    // Only an outcome the row has: an announcement made while its terminal write still waits
    // (database down) is recorded with that write, never ahead of it.
    const result = await this.sql.query(
      'mark_notified',
      `UPDATE video_requests SET notified_at = $2, notify_outcome = $3, lease_owner = NULL, lease_until = NULL
       WHERE id = $1 AND notified_at IS NULL AND status IN ('completed', 'failed', 'timeout')`,
      [id, at, outcome],
    );
    return result.rowCount === 1;
  }

  async countRecentByUser(userId: string, since: Date, guildId?: string): Promise<{ count: number; oldest: Date | null }> {
    const result = await this.sql.query<{ count: number; oldest: Date | null }>(
      'count_recent_by_user',
      `SELECT count(*)::int AS count, min(created_at) AS oldest FROM video_requests
       WHERE user_id = $1 AND created_at >= $2 AND status NOT IN ('failed', 'timeout', 'cancelled')
         AND ($3::text IS NULL OR guild_id = $3)`,
      [userId, since, guildId ?? null],
    );
    return result.rows[0] ?? { count: 0, oldest: null };
  }

  async findRetryOf(id: string): Promise<VideoRequest | null> {
    const result = await this.sql.query<VideoRequestRow>('find_retry_of', 'SELECT * FROM video_requests WHERE retry_of = $1', [id]);
    const row = result.rows[0];
    return row ? rowToRequest(row) : null;
  }

  userHistory(query: HistoryQuery): Promise<HistoryPage> {
    return userHistory(this.sql, query);
  }

  guildStats(query: GuildStatsQuery): Promise<GuildStats> {
    return guildStats(this.sql, query);
  }

  dashboard(since: Date): Promise<Dashboard> {
    return dashboard(this.sql, since);
  }

  async deleteOlderThan(cutoff: Date, batchSize: number): Promise<number> {
    // Rows and their images (ON DELETE CASCADE) go in the same statement that queues their
    // Cloud Storage objects for the purge sweep: nothing is ever orphaned, whatever crashes.
    const result = await this.sql.query<{ deleted: number }>(
      'delete_older_than',
      `WITH doomed AS (
         SELECT id FROM video_requests WHERE created_at < $1 AND ${TERMINAL}
         ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED),
       gone AS (DELETE FROM video_requests v USING doomed WHERE v.id = doomed.id
         RETURNING v.id, v.gcs_prefix, v.video_urls, v.attempts, v.operation_name),
       queued AS (INSERT INTO storage_purges (request_id, gcs_prefix, video_urls, queued_at)
         SELECT id, gcs_prefix, video_urls, now() FROM gone WHERE ${HAS_OBJECTS_SQL} RETURNING 1)
       SELECT count(*)::int AS deleted FROM gone`,
      [cutoff, batchSize],
    );
    return result.rows[0]?.deleted ?? 0;
  }

  async countOlderThan(cutoff: Date): Promise<number> {
    const result = await this.sql.query<{ count: number }>(
      'count_older_than',
      `SELECT count(*)::int AS count FROM video_requests WHERE created_at < $1 AND ${TERMINAL}`,
      [cutoff],
    );
    return result.rows[0]?.count ?? 0;
  }
}
