import { shortId } from './trace.js';
import type { World } from './world.js';

/**
 * After the database comes back, every presence has ended: the product leaves other instances'
 * rows alone for two takeover rounds (2 × 5 s) so live ones can re-announce, and the next sweep
 * (≤ 5 s later) queues them; new work meanwhile is not a fault (seeds 13930, 14023, 19757).
 */
const SETTLING_AFTER_OUTAGE_MS = 16_000;

/**
 * "Resumed work starts before newer work": whenever a restarted process starts a request asked
 * for after its restart, no request that was interrupted before the restart may still be
 * waiting with nobody live responsible for it (never started since, and leased to no live
 * process) — the symptom of rows stuck behind a dead process's leases while new `/veo` runs.
 * A database outage since the restart excuses it (start-up cannot read what it cannot reach),
 * and so does one that ended less than {@link SETTLING_AFTER_OUTAGE_MS} before.
 */
export function watchOrder(world: World): void {
  const reported = new Set<string>();
  world.checkOrder = (requestId, who) => {
    const restart = world.facts.restarts.findLast((r) => r.instance === who);
    if (!restart || restart.interrupted.length === 0) return;
    const rows = world.rows();
    const started = rows.find((r) => r.id === requestId);
    const asker = started?.interaction ? world.facts.askers.get(started.interaction.token) : undefined;
    if (!asker || asker.instance !== who || asker.at < restart.at) return;
    const now = world.time.now;
    if (world.facts.outageDuring(Math.min(restart.at, now - SETTLING_AFTER_OUTAGE_MS), now)) return;
    for (const id of restart.interrupted) {
      const row = rows.find((r) => r.id === id);
      if (!row || row.status !== 'pending' || row.attempts > 0) continue;
      if ((world.facts.starts.get(id) ?? []).some((s) => s.at >= restart.at)) continue;
      const held = row.leaseOwner !== null && world.presence.isAlive(row.leaseOwner) && (row.leaseUntil?.getTime() ?? 0) > now;
      if (held) continue;
      const key = `${restart.workerId}:${id}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const detail = `${shortId(id)} (interrupted, lease ${row.leaseOwner ?? 'none'}) still waits while ${who} starts ${shortId(requestId)}, asked ${(asker.at - restart.at) / 1000}s after its restart`;
      world.facts.live.push({ requestId: id, invariant: 'resumed-before-new', detail });
      world.note('check', `VIOLATION resumed-before-new: ${detail}`);
    }
  };
}
