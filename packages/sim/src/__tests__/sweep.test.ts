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

  // Invariants core does not hold on every seed yet (README "Findings", classes still open):
  // everything else — exactly one terminal state, never billed twice, billed once when completed,
  // nothing left unannounced or undurable, only the owner pinged — must hold on every seed.
  const OPEN = new Set(['one-final-message', 'message-matches-outcome', 'spend-matches-billing', 'no-failure-for-nothing', 'resumed-before-new']);
  it('holds every closed invariant on every seed', async () => {
    const sweep = await sweepSeeds(1, SEEDS);
    const broken = sweep.failing.filter((f) => f.invariants.some((i) => !OPEN.has(i)));
    expect(broken).toEqual([]);
  });
  it.todo('holds every invariant on every seed (once the open classes in the README are closed)');

  it('prints a failing seed with its trace and violated invariants', async () => {
    const sweep = await sweepSeeds(1, 40, { sabotage: 'double-send' });
    expect(sweep.first).toBeDefined();
    const report = formatReport(sweep.first!, true);
    expect(report).toContain('--- trace ---');
    expect(report).toMatch(/VIOLATED:\n {2}- one-final-message: r\d+: 2 final messages/);
  });
});
