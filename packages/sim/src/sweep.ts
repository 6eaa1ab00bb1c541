import { performance } from 'node:perf_hooks';
import { type SeedResult, runSeed } from './run-seed.js';
import type { WorldOptions } from './world.js';

/** What a sweep over consecutive seeds found. */
export interface SweepResult {
  readonly seeds: number;
  readonly seconds: number;
  /** Every failing seed with the invariants it violated. */
  readonly failing: readonly { readonly seed: number; readonly invariants: readonly string[] }[];
  /** The first failing seed, with its trace. */
  readonly first?: SeedResult;
}

/** Runs seeds `start` … `start + count - 1` one after another (each world is independent). */
export async function sweepSeeds(start: number, count: number, options: WorldOptions = {}, onFailure?: (result: SeedResult) => void): Promise<SweepResult> {
  const began = performance.now();
  const failing: { seed: number; invariants: string[] }[] = [];
  let first: SeedResult | undefined;
  for (let seed = start; seed < start + count; seed++) {
    const result = await runSeed(seed, options);
    if (result.violations.length === 0) continue;
    failing.push({ seed, invariants: [...new Set(result.violations.map((v) => v.invariant))] });
    first ??= result;
    onFailure?.(result);
  }
  return { seeds: count, seconds: (performance.now() - began) / 1000, failing, ...(first ? { first } : {}) };
}
