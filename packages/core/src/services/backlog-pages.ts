import type { VideoRequest } from '../domain/video-request.js';
import type { BacklogCursor, BacklogReader } from '../ports/backlog-reader.js';
import type { RequestLeases } from '../ports/request-repository.js';

/** The cursor just after `row`. */
export const cursorAfter = (row: VideoRequest): BacklogCursor => ({ createdAt: row.createdAt, id: row.id });

/** True when `row` comes after `cursor` in (created_at, id) order. */
export function isAfter(row: VideoRequest, cursor: BacklogCursor | null): boolean {
  if (cursor === null) return true;
  const t = row.createdAt.getTime() - cursor.createdAt.getTime();
  return t > 0 || (t === 0 && row.id > cursor.id);
}

/**
 * A {@link BacklogReader} on any repository, for a core built without one: each page reads
 * every open row (`findIncomplete` + `findUnnotified`) and keeps the page, so it costs what
 * reading the whole backlog did. Adapters offer a paged query instead (`PgBacklogReader`).
 */
export function repositoryBacklog(repo: RequestLeases): BacklogReader {
  return {
    async openAfter(after, limit) {
      const open = [...(await repo.findIncomplete()), ...(await repo.findUnnotified())].filter((r) => isAfter(r, after));
      open.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return open.slice(0, limit);
    },
  };
}
