import { type Violation, checkWorld } from './invariants.js';
import { Lifecycle } from './lifecycle.js';
import { watchOrder } from './ordering.js';
import { drawProfile } from './profile.js';
import { SimRandom } from './random.js';
import { Scenario } from './scenario.js';
import { settle } from './sim-time.js';
import { World, type WorldOptions } from './world.js';

/** What one seed did. */
export interface SeedResult {
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly trace: readonly string[];
  readonly requests: number;
  /** Simulated time the world ran, in ms. */
  readonly simulatedMs: number;
  readonly steps: number;
}

/** After the activity window, keep going this long at most before calling it stuck. */
const SETTLE_BOUND_MS = 6 * 60 * 60_000;
/** Once settled, keep running this long: a late duplicate message must get the chance to appear. */
const GRACE_MS = 5 * 60_000;
const CHECK_EVERY_MS = 30_000;

/**
 * Runs one world to quiescence and checks it. Deterministic: core's only randomness (the jitter
 * of its backoff, `Math.random`) is fed from the world's generator while the world runs.
 */
export async function runSeed(seed: number, options: WorldOptions = {}): Promise<SeedResult> {
  const random = new SimRandom(seed);
  const world = new World(seed, drawProfile(random), random, options);
  const original = Math.random;
  Math.random = () => random.next();
  try {
    return await drive(world);
  } finally {
    Math.random = original;
  }
}

async function drive(world: World): Promise<SeedResult> {
  const life = new Lifecycle(world);
  const scenario = new Scenario(world, life);
  watchOrder(world);
  world.note('world', `seed ${world.seed}: ${JSON.stringify({ ...world.profile, vertex: undefined, discord: undefined })}`);
  scenario.plan();
  const bound = world.faultsUntil + SETTLE_BOUND_MS;
  let nextCheck = world.faultsUntil;
  let quietSince: number | null = null;
  let settled = false;
  let steps = 0;
  await settle();
  for (;;) {
    const due = world.time.takeNext();
    if (due.length === 0 || world.time.now > bound) break;
    for (const timer of due) timer.fire();
    steps += 1;
    await settle();
    if (world.time.now < nextCheck) continue;
    nextCheck = world.time.now + CHECK_EVERY_MS;
    const quiet = scenario.pending === 0 && world.settled();
    if (!quiet) quietSince = null;
    else if (quietSince === null) quietSince = world.time.now;
    else if (world.time.now - quietSince >= GRACE_MS) {
      settled = true;
      break;
    }
  }
  for (const p of world.processes) if (p.state !== 'dead') p.gate.kill();
  const violations = checkWorld(world, settled);
  world.note('world', violations.length === 0 ? 'all invariants hold' : `${violations.length} violation(s)`);
  return { seed: world.seed, violations, trace: world.trace.lines, requests: world.rows().length, simulatedMs: world.time.now - world.faultsUntil + world.profile.activityMs, steps };
}
