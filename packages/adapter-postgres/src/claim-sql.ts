import { ownerGone } from './pg-worker-presence.js';

const INCOMPLETE = `status IN ('pending', 'generating')`;
const TERMINAL = `status IN ('completed', 'failed', 'timeout')`;
/**
 * Rows resume cares about: unfinished, or finished but never announced. The predicate of
 * migration 5's partial indexes, so the planner can use them.
 */
export const OPEN = `(${INCOMPLETE} OR (notified_at IS NULL AND ${TERMINAL}))`;

/**
 * `claimNext` in one statement; $1 owner, $2 lease until, $3 now, $4 limit.
 *
 * Claimable is what `findClaimable` says: open, and free, expired at $3, or leased to a worker
 * that is gone — never this owner's live rows. Each way in is scanned on an index of its own
 * (migration 5), so no scan walks over the rows live leases hold (they stay open while they run):
 *
 * - `owners`: the distinct owners of open rows, one index probe each (a loose index scan), so
 *   liveness is probed per owner, not per row (never this owner's own). Owners whose leases
 *   all ran out are probed too: their rows are claimable anyway, so what is claimed is the
 *   same. The probes say only `lease_owner >= ''` / `> previous` (which imply NOT NULL): an
 *   explicit IS NOT NULL or `<> $1` is estimated from statistics taken while almost every row
 *   was free (≈ 0 rows), and the planner then trades the one-row index probe for a bitmap scan
 *   of every lease;
 * - `free`: rows nobody holds; `expired`: leases run out at $3; `orphaned`: leases of a gone
 *   owner — each its oldest $4 (a gone owner's expired rows may be in two: UNION drops the copy);
 * - `pick`: the oldest $4 of the three, which are the oldest $4 claimable rows.
 *
 * Each scan's WHERE implies the predicate of its own index only (the expired scan names
 * lease_until, the others lease_owner), so a planner with stale statistics — a burst of claims
 * changes them faster than autovacuum analyses — cannot pick another index and walk all of it.
 *
 * Every scan locks as it goes and skips what another claimer has locked, so claimers never
 * wait on each other and never both get a row; a row a concurrent claim took since the snapshot
 * fails the re-check under its lock and the scan moves on. Rows locked but not picked are held
 * only until the statement ends.
 */
export const CLAIM_NEXT_SQL = `
WITH RECURSIVE owners(owner) AS (
  (SELECT lease_owner FROM video_requests WHERE ${OPEN} AND lease_owner >= '' ORDER BY lease_owner LIMIT 1)
  UNION ALL
  SELECT (SELECT n.lease_owner FROM video_requests n WHERE ${OPEN} AND n.lease_owner > o.owner ORDER BY n.lease_owner LIMIT 1)
  FROM owners o WHERE o.owner IS NOT NULL),
dead AS (SELECT owner FROM owners WHERE owner IS NOT NULL AND owner <> $1 AND ${ownerGone('owner')}),
free AS (
  SELECT id, created_at FROM video_requests
  WHERE ${OPEN} AND lease_owner IS NULL
  ORDER BY created_at, id LIMIT $4
  FOR UPDATE SKIP LOCKED),
expired AS (
  SELECT id, created_at FROM video_requests
  WHERE ${OPEN} AND lease_until IS NOT NULL AND lease_until <= $3
  ORDER BY created_at, id LIMIT $4
  FOR UPDATE SKIP LOCKED),
orphaned AS (
  SELECT id, created_at FROM video_requests
  WHERE ${OPEN} AND lease_owner IS NOT NULL AND lease_owner = ANY (ARRAY(SELECT owner FROM dead))
  ORDER BY created_at, id LIMIT $4
  FOR UPDATE SKIP LOCKED),
pick AS (
  SELECT id FROM (
    SELECT id, created_at FROM free UNION SELECT id, created_at FROM expired UNION SELECT id, created_at FROM orphaned) c
  ORDER BY created_at, id LIMIT $4)
UPDATE video_requests v SET lease_owner = $1, lease_until = $2
FROM pick WHERE v.id = pick.id
RETURNING v.*`;
