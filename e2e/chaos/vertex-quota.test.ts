import { report as say } from '../support/report.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopGracefully } from '../support/bot-process.js';
import { ChaosWorld, type Submitted } from '../support/chaos-world.js';
import { settleAndCheck } from '../support/settle.js';

const RPM = 8;

let world: ChaosWorld;
beforeAll(async () => {
  world = await ChaosWorld.create();
});
afterAll(async () => {
  await world?.close();
});

/**
 * The most start calls that reached Vertex within any 60-second window of admissions. Arrival
 * at the proxy trails the gate's admission by a hop and a timer wake-up, so two calls admitted
 * exactly 60 s apart can arrive a few ms closer: allow that much (JITTER_MS), no more.
 */
const JITTER_MS = 500;
function busiestMinute(times: readonly number[]): number {
  let most = 0;
  for (const t of times) most = Math.max(most, times.filter((u) => u >= t && u < t + 60_000 - JITTER_MS).length);
  return most;
}

describe('Vertex answers 429 under a backlog', () => {
  it('the quota gate keeps start calls within VERTEX_REQUESTS_PER_MINUTE and no request fails because of 429', async () => {
    const bot = await world.startBot('bot-quota', { VERTEX_REQUESTS_PER_MINUTE: String(RPM), VEO_CONCURRENCY: '6' });
    const submitted: Submitted[] = [];
    for (let i = 0; i < 7; i++) {
      // Every other prompt is refused with 429 once by Vertex (another client used the project's quota).
      const script = { outcome: 'succeed', afterPolls: 1, sizeBytes: 128 * 1024 } as const;
      world.google.script(`quota ${i}`, i % 2 === 0 ? { outcome: 'quota', times: 1, then: script } : script);
      submitted.push(await world.submit(`quota ${i}`));
    }
    const report = await settleAndCheck(world, 180_000);
    expect(await stopGracefully(bot)).toBe(0);
    // Every start call Vertex saw, 429s included, went through the proxy in front of it.
    const calls = world.vertex.forwardedStarts;
    const refused = calls.length - world.google.startCount;
    say(`[quota] RPM ${RPM}: ${calls.length} start calls (${refused} answered 429), busiest minute ${busiestMinute(calls)}; ${JSON.stringify(report.tally)}`);
    say(`[quota] arrivals (ms after first): ${calls.map((t) => t - (calls[0] ?? 0)).join(', ')}`);
    expect(refused).toBeGreaterThan(0);
    expect(busiestMinute(calls)).toBeLessThanOrEqual(RPM);
    expect(report.violations).toEqual([]);
    expect(report.outcomes.every((o) => o.status === 'completed')).toBe(true);
  });
});
