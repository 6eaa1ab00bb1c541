import type { VideoRequest } from '../domain/video-request.js';

/** Where a page of the backlog begins: just after this row, in (created_at, id) order. */
export interface BacklogCursor {
  readonly createdAt: Date;
  readonly id: string;
}

/**
 * The backlog resume works through — open requests: pending or generating, or finished but
 * never announced — read a page at a time, so that a backlog of any size is never whole in
 * memory. Errors: may throw RepositoryUnavailableError, like the repository.
 */
export interface BacklogReader {
  /** Up to `limit` open requests after `after` (from the oldest when null), oldest first (created_at, then id). */
  openAfter(after: BacklogCursor | null, limit: number): Promise<VideoRequest[]>;
}
