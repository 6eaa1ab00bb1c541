import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../report.js';
import { type SweepResult, sweepSeeds } from '../sweep.js';

/** CI runs 1,000 seeds; SIM_SEEDS=N runs more (or fewer) locally, SIM_START=S elsewhere. */
const SEEDS = Number(process.env.SIM_SEEDS ?? 1000);
const START = Number(process.env.SIM_START ?? 1);

describe(`the simulator over ${SEEDS} seeds`, () => {
  let sweep: SweepResult;
  beforeAll(async () => {
    sweep = await sweepSeeds(START, SEEDS);
    console.log(`simulator: ${SEEDS} seeds in ${sweep.seconds.toFixed(1)} s (${(SEEDS / sweep.seconds).toFixed(1)} seeds/s), ${sweep.failing.length} failing`);
  }, 600_000);

  it('reaches a verdict for every seed, fast enough for CI', () => {
    expect(sweep.seeds).toBe(SEEDS);
    expect(sweep.seconds).toBeLessThan(120);
  });

  it('holds every invariant on every seed', () => {
    // On failure: the seeds and what they broke, then the first one's whole trace.
    const report = sweep.first ? `\n${formatReport(sweep.first, true)}` : '';
    expect(sweep.failing, `replay with: npm run sim -- --seed ${sweep.first?.seed}${report}`).toEqual([]);
  });

  it('prints a failing seed with its trace and violated invariants', async () => {
    const broken = await sweepSeeds(1, 40, { sabotage: 'double-send' });
    expect(broken.first).toBeDefined();
    const report = formatReport(broken.first!, true);
    expect(report).toContain('--- trace ---');
    expect(report).toMatch(/VIOLATED:\n {2}- one-final-message: r\d+: 2 final messages/);
  });
});
