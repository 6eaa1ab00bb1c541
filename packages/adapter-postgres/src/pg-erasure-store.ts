import type pg from 'pg';
import type { ErasureStore, ForgetOutcome, Logger, StoragePurge, UserDataCounts } from '@veo-bot/core';
import { SqlRunner, type SlowQueryThresholds } from './sql-runner.js';

/** What {@link PgErasureStore} needs. */
export interface PgErasureStoreDeps {
  /** The pool of the PgRequestRepository (same schema), migrated to version 7 or later. */
  readonly pool: pg.Pool;
  readonly logger: Logger;
  readonly slowQuery?: SlowQueryThresholds;
}

const IN_FLIGHT = `status IN ('pending', 'generating')`;
/** Whether Cloud Storage may hold objects of the row (core's `mayHaveStoredObjects`). */
export const HAS_OBJECTS_SQL = `(gcs_prefix IS NOT NULL OR cardinality(video_urls) > 0 OR attempts > 0 OR operation_name IS NOT NULL)`;

interface CountsRow {
  requests: number;
  in_flight: number;
  images: number;
  videos: number;
  budget_edits: number;
}

/** Who a settings change made by a forgotten user is attributed to afterwards. */
export const FORGOTTEN_EDITOR = 'forgotten user';

const COUNTS_SQL = `SELECT count(*)::int AS requests, count(*) FILTER (WHERE ${IN_FLIGHT})::int AS in_flight,
    coalesce(sum(cardinality(video_urls)), 0)::int AS videos,
    ((SELECT count(*)::int FROM request_images i WHERE i.request_id IN (SELECT id FROM video_requests WHERE user_id = $1))
      + (SELECT count(*)::int FROM request_extra_images x WHERE x.request_id IN (SELECT id FROM video_requests WHERE user_id = $1))) AS images,
    ((SELECT count(*)::int FROM guild_budgets WHERE updated_by = $1) + (SELECT count(*)::int FROM guild_settings WHERE updated_by = $1)
      + (SELECT count(*)::int FROM guild_settings_audit WHERE changed_by = $1)) AS budget_edits
  FROM video_requests WHERE user_id = $1`;

// One statement, so one atomic write: the user's rows are locked (a claimer holding one is
// waited for), their objects queued, their images deleted, budgets they changed anonymised,
// and the rows cancelled (in flight → failed, announced, unleased) and stripped. Every
// right-hand side of SET reads the row as it was, so the cost is decided from the old facts.
const FORGET_SQL = `WITH mine AS (
    SELECT id, status, gcs_prefix, video_urls, attempts, operation_name FROM video_requests
    WHERE user_id = $1 ORDER BY created_at, id FOR UPDATE),
  queued AS (INSERT INTO storage_purges (request_id, gcs_prefix, video_urls, queued_at, recheck_until)
    SELECT id, gcs_prefix, video_urls, $2, CASE WHEN ${IN_FLIGHT} THEN $3::timestamptz END FROM mine WHERE ${HAS_OBJECTS_SQL} RETURNING 1),
  imgs AS (DELETE FROM request_images WHERE request_id IN (SELECT id FROM mine) RETURNING 1),
  -- Last frames and reference images (migration 11) go in the same write as first frames.
  ximgs AS (DELETE FROM request_extra_images WHERE request_id IN (SELECT id FROM mine) RETURNING 1),
  budgets AS (UPDATE guild_budgets SET updated_by = NULL WHERE updated_by = $1 RETURNING 1),
  -- Server settings they changed, and the audit log's entries of their changes, no longer name them.
  settings AS (UPDATE guild_settings SET updated_by = '${FORGOTTEN_EDITOR}' WHERE updated_by = $1 RETURNING 1),
  audit AS (UPDATE guild_settings_audit SET changed_by = '${FORGOTTEN_EDITOR}' WHERE changed_by = $1 RETURNING 1),
  erased AS (UPDATE video_requests v SET
      status = CASE WHEN v.status IN ('pending', 'generating') THEN 'failed' ELSE v.status END,
      completed_at = coalesce(v.completed_at, $2),
      final_cost_usd = coalesce(v.final_cost_usd,
        CASE WHEN v.status = 'completed' OR v.operation_name IS NOT NULL OR v.attempts > 0 THEN v.estimated_cost_usd ELSE 0 END),
      notified_at = coalesce(v.notified_at, $2), notify_outcome = coalesce(v.notify_outcome, 'undeliverable'),
      lease_owner = NULL, lease_until = NULL,
      user_id = NULL, channel_id = NULL, prompt = NULL, negative_prompt = NULL, seed = NULL, error_message = NULL, source_video_uri = NULL,
      operation_name = NULL, gcs_prefix = NULL, video_urls = '{}',
      interaction_application_id = NULL, interaction_id = NULL, interaction_token = NULL,
      updated_at = $2, forgotten_at = $2
    FROM mine WHERE v.id = mine.id RETURNING v.id)
  SELECT (SELECT count(*)::int FROM mine) AS requests, (SELECT count(*)::int FROM mine WHERE ${IN_FLIGHT}) AS in_flight,
    ((SELECT count(*)::int FROM imgs) + (SELECT count(*)::int FROM ximgs)) AS images, (SELECT coalesce(sum(cardinality(video_urls)), 0)::int FROM mine) AS videos,
    ((SELECT count(*)::int FROM budgets) + (SELECT count(*)::int FROM settings) + (SELECT count(*)::int FROM audit)) AS budget_edits,
    (SELECT coalesce(array_agg(id::text ORDER BY id) FILTER (WHERE ${IN_FLIGHT}), '{}') FROM mine) AS cancelled_ids,
    (SELECT count(*)::int FROM queued) AS queued, (SELECT count(*)::int FROM erased) AS erased`;

interface PurgeRow {
  id: string;
  request_id: string;
  gcs_prefix: string | null;
  video_urls: string[];
  recheck_until: Date | null;
  attempts: number;
}

const toCounts = (r: CountsRow | undefined): UserDataCounts => ({
  requests: r?.requests ?? 0, inFlight: r?.in_flight ?? 0, images: r?.images ?? 0, videos: r?.videos ?? 0, budgetEdits: r?.budget_edits ?? 0,
});

/** ErasureStore on PostgreSQL (`storage_purges`, and the anonymising write of `forget`). */
export class PgErasureStore implements ErasureStore {
  private readonly sql: SqlRunner;

  constructor(deps: PgErasureStoreDeps) {
    this.sql = new SqlRunner(deps.pool, deps.logger, deps.slowQuery);
  }

  async countUserData(userId: string): Promise<UserDataCounts> {
    return toCounts((await this.sql.query<CountsRow>('count_user_data', COUNTS_SQL, [userId])).rows[0]);
  }

  async forgetUser(userId: string, at: Date, recheckUntil: Date): Promise<ForgetOutcome> {
    const result = await this.sql.query<CountsRow & { cancelled_ids: string[] }>('forget_user', FORGET_SQL, [userId, at, recheckUntil]);
    const row = result.rows[0];
    return { counts: toCounts(row), cancelledIds: row?.cancelled_ids ?? [] };
  }

  async queuedPurges(afterId: string | null, limit: number): Promise<StoragePurge[]> {
    const result = await this.sql.query<PurgeRow>(
      'queued_purges',
      `SELECT id::text AS id, request_id, gcs_prefix, video_urls, recheck_until, attempts FROM storage_purges
       WHERE $1::bigint IS NULL OR id > $1::bigint ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
    return result.rows.map((r) => ({ id: r.id, requestId: r.request_id, prefix: r.gcs_prefix, uris: r.video_urls, recheckUntil: r.recheck_until, attempts: r.attempts }));
  }

  async countQueuedPurges(): Promise<number> {
    return (await this.sql.query<{ n: number }>('count_queued_purges', 'SELECT count(*)::int AS n FROM storage_purges')).rows[0]?.n ?? 0;
  }

  async purgeDone(id: string, at: Date): Promise<void> {
    await this.sql.query('purge_done', 'DELETE FROM storage_purges WHERE id = $1::bigint AND (recheck_until IS NULL OR recheck_until <= $2)', [id, at]);
  }

  async purgeFailed(id: string): Promise<void> {
    await this.sql.query('purge_failed', 'UPDATE storage_purges SET attempts = attempts + 1 WHERE id = $1::bigint', [id]);
  }
}
