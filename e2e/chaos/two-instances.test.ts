import { report as say } from '../support/report.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, killHard, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld, type Submitted } from '../support/chaos-world.js';
import { settleAndCheck } from '../support/settle.js';

let world: ChaosWorld;
beforeAll(async () => {
  world = await ChaosWorld.create();
});
afterAll(async () => {
  await world?.close();
});

describe('two instances on one database', () => {
  it('never claim or notify a request twice, and one takes over the other’s work after it is killed', async () => {
    const a = await world.startBot('bot-a');
    const first: Submitted[] = [];
    for (let i = 0; i < 4; i++) {
      world.google.script(`two a ${i}`, { outcome: 'succeed', afterPolls: 6, sizeBytes: 128 * 1024 });
      first.push(await world.submit(`two a ${i}`));
    }
    const b = await world.startBot('bot-b');
    const both: Submitted[] = [];
    for (let i = 0; i < 6; i++) {
      world.google.script(`two ab ${i}`, { outcome: 'succeed', afterPolls: 3, sizeBytes: 128 * 1024 });
      both.push(await world.submit(`two ab ${i}`));
    }
    // A's first requests are mid-generation, leased to A: kill A there.
    const ownerA = await eventually(async () => {
      const rows = await Promise.all(first.map((s) => world.row(s.requestId)));
      return rows.every((r) => r?.status === 'generating') ? rows[0]?.lease_owner : undefined;
    }, 30_000);
    await killHard(a);

    const report = await settleAndCheck(world, 90_000);
    expect(b.hasExited()).toBe(false);
    expect(await stopGracefully(b)).toBe(0);
    say(`[two-instances] ${report.outcomes.length} requests ${JSON.stringify(report.tally)}; lease owner of A was ${ownerA}`);
    expect(report.violations).toEqual([]);
    expect(report.settled).toBe(true);
    // Only B was alive to finish A's requests: it took them over.
    for (const s of first) expect((await world.row(s.requestId))?.status).toBe('completed');
    expect(world.google.startCount).toBe(10);
  });
});
