import type pg from 'pg';
import type { BacklogCursor, BacklogReader, Logger, VideoRequest } from '@veo-bot/core';
import { rowToRequest, type VideoRequestRow } from './row-mapper.js';
import { SqlRunner, type SlowQueryThresholds } from './sql-runner.js';

/** What {@link PgBacklogReader} needs. */
export interface PgBacklogReaderDeps {
  /** A pool made by `createPool`, migrated with `migrate`. */
  readonly pool: pg.Pool;
  readonly logger: Logger;
  readonly slowQuery?: SlowQueryThresholds;
}

// Each half is served by its partial index (video_requests_incomplete_idx, video_requests_unnotified_idx),
// so a page costs its own rows, not the backlog's.
const PAGE_SQL = `
(SELECT * FROM video_requests
 WHERE status IN ('pending', 'generating') AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
 ORDER BY created_at, id LIMIT $3)
UNION ALL
(SELECT * FROM video_requests
 WHERE notified_at IS NULL AND status IN ('completed', 'failed', 'timeout') AND ($1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid))
 ORDER BY created_at, id LIMIT $3)
ORDER BY created_at, id LIMIT $3`;

/** {@link BacklogReader} on PostgreSQL: keyset pages on (created_at, id) of the open rows. */
export class PgBacklogReader implements BacklogReader {
  private readonly sql: SqlRunner;

  constructor(deps: PgBacklogReaderDeps) {
    this.sql = new SqlRunner(deps.pool, deps.logger, deps.slowQuery);
  }

  async openAfter(after: BacklogCursor | null, limit: number): Promise<VideoRequest[]> {
    const result = await this.sql.query<VideoRequestRow>('backlog_page', PAGE_SQL, [after?.createdAt ?? null, after?.id ?? null, limit]);
    return result.rows.map(rowToRequest);
  }
}
