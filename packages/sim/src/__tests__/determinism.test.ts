import { describe, expect, it } from 'vitest';
import { SimRandom } from '../random.js';
import { runSeed } from '../run-seed.js';
import { SimTime } from '../sim-time.js';

describe('determinism', () => {
  it.each([7, 64, 436, 713])('seed %i replays byte for byte', async (seed) => {
    const first = await runSeed(seed);
    const second = await runSeed(seed);
    expect(second.trace.join('\n')).toBe(first.trace.join('\n'));
    expect(second.violations).toEqual(first.violations);
    expect(first.trace.length).toBeGreaterThan(10);
  });

  it('different seeds make different worlds', async () => {
    const [a, b] = await Promise.all([runSeed(1), runSeed(2)]);
    expect(a.trace).not.toEqual(b.trace);
  });

  it('leaves Math.random as it found it', async () => {
    const original = Math.random;
    await runSeed(3);
    expect(Math.random).toBe(original);
  });

  it('SimRandom: same seed, same sequence; ints stay in range', () => {
    const a = new SimRandom(42);
    const b = new SimRandom(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(new SimRandom(43).next()).not.toBe(xs[0]);
    const r = new SimRandom(1);
    for (let i = 0; i < 1000; i++) expect(r.int(3, 5)).toBeGreaterThanOrEqual(3);
  });

  it('SimTime fires equal times in creation order, and never a cancelled timer', () => {
    const time = new SimTime(0);
    const fired: string[] = [];
    time.schedule(10, () => fired.push('b1'));
    time.schedule(5, () => fired.push('a'));
    const cancelled = time.schedule(7, () => fired.push('x'));
    time.schedule(10, () => fired.push('b2'));
    time.cancel(cancelled);
    for (let due = time.takeNext(); due.length > 0; due = time.takeNext()) for (const t of due) t.fire();
    expect(fired).toEqual(['a', 'b1', 'b2']);
    expect(time.now).toBe(10);
  });
});
