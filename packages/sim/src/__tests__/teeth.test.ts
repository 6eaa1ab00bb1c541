import { describe, expect, it } from 'vitest';
import { runSeed } from '../run-seed.js';

/**
 * The simulator must catch a broken world whatever core does: a Discord adapter that posts
 * every message twice, a Vertex adapter that re-sends every accepted start, a cancel that is
 * not decided in the same write as the start.
 */
describe('the simulator has teeth', () => {
  it('flags every announced request of a notifier that sends twice', async () => {
    let announced = 0;
    for (let seed = 1; seed <= 15; seed++) {
      const result = await runSeed(seed, { sabotage: 'double-send' });
      const flagged = new Set(result.violations.filter((v) => v.invariant === 'one-final-message').map((v) => v.requestId));
      const withMessage = new Set(result.trace.filter((l) => l.includes('message for r')).map((l) => /message for (r\d+)/.exec(l)?.[1]));
      announced += withMessage.size;
      for (const id of flagged) expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(flagged.size).toBeGreaterThanOrEqual(withMessage.size);
    }
    expect(announced).toBeGreaterThan(30);
  });

  it('flags double billing by an adapter that retries accepted starts', async () => {
    let caught = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const result = await runSeed(seed, { sabotage: 'double-bill' });
      if (result.violations.some((v) => v.invariant === 'billed-at-most-once')) caught += 1;
    }
    expect(caught).toBeGreaterThanOrEqual(18);
  });
  it('catches a cancel that is not guarded in the same write as the start (seed 78: Google took a start the bot then called cancelled)', async () => {
    const broken = await runSeed(78, { sabotage: 'cancel-unguarded' });
    expect(broken.violations.filter((v) => v.invariant === 'cancelled-never-sent')).toHaveLength(1);
    const sound = await runSeed(78);
    expect(sound.violations).toEqual([]);
    expect(sound.trace.some((l) => l.includes('cancel → cancelled'))).toBe(true);
  });
});

describe('simulator findings on Cancel, pinned', () => {
  it('seed 13142: a request accepted during an outage is cancelled after its backfill landed; its local start must not follow', async () => {
    const result = await runSeed(13142);
    expect(result.trace.some((l) => l.includes('cancel → cancelled'))).toBe(true);
    expect(result.violations).toEqual([]);
  });
});

describe('simulator findings on spend, pinned', () => {
  it('seed 13567: a start refused with 429 whose refusal could not be written, then timed out by the cap during an outage, costs $0', async () => {
    const result = await runSeed(13567);
    expect(result.trace.some((l) => l.includes('r4 → timeout cost $0 '))).toBe(true);
    expect(result.violations).toEqual([]);
  });
});
