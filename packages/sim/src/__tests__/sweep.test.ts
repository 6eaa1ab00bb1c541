import { describe, expect, it } from 'vitest';
import { formatReport } from '../report.js';
import { sweepSeeds } from '../sweep.js';

/** CI runs 1,000 seeds; SIM_SEEDS=N runs more (or fewer) locally. */
const SEEDS = Number(process.env.SIM_SEEDS ?? 1000);

describe(`the simulator over ${SEEDS} seeds`, () => {
  it('reaches a verdict for every seed, fast enough for CI', async () => {
    const sweep = await sweepSeeds(1, SEEDS);
    console.log(`simulator: ${SEEDS} seeds in ${sweep.seconds.toFixed(1)} s (${(SEEDS / sweep.seconds).toFixed(1)} seeds/s), ${sweep.failing.length} failing`);
    expect(sweep.seeds).toBe(SEEDS);
    expect(sweep.seconds).toBeLessThan(120);
  });

  // Today's core still breaks invariants on about 9 % of seeds (see README "Findings"): this
  // becomes `it` — and must then pass — once core is fixed:
  //   const sweep = await sweepSeeds(1, SEEDS);
  //   expect(sweep.failing, sweep.first && formatReport(sweep.first, true)).toEqual([]);
  it.todo('holds every invariant on every seed');

  it('prints a failing seed with its trace and violated invariants', async () => {
    const sweep = await sweepSeeds(1, 40, { sabotage: 'double-send' });
    expect(sweep.first).toBeDefined();
    const report = formatReport(sweep.first!, true);
    expect(report).toContain('--- trace ---');
    expect(report).toMatch(/VIOLATED:\n {2}- one-final-message: r\d+: 2 final messages/);
  });
});
