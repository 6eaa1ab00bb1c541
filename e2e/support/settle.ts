import type { ChaosWorld } from './chaos-world.js';
import { outcomes, violations, tally, type RequestOutcome } from './invariants.js';

/** The checked end state of a run. */
export interface SettledReport {
  readonly outcomes: RequestOutcome[];
  readonly violations: string[];
  readonly tally: Record<string, number>;
  /** False when the deadline passed before every row was terminal and notified. */
  readonly settled: boolean;
}

/**
 * Waits (finishing orphaned Veo operations as Google would) until every row is terminal and
 * notified or `timeoutMs` passes, then a little longer so late duplicates would show, and checks.
 */
export async function settleAndCheck(world: ChaosWorld, timeoutMs: number, graceMs = 3_000): Promise<SettledReport> {
  const deadline = Date.now() + timeoutMs;
  let settled = false;
  while (Date.now() < deadline) {
    await world.finishOrphanedStarts();
    if (await world.settled()) {
      settled = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await new Promise((r) => setTimeout(r, graceMs));
  const all = outcomes(await world.rows(), world.google.acceptedStarts, world.discord.world.messages);
  return { outcomes: all, violations: violations(all), tally: tally(all), settled };
}
