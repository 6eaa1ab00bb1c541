import { report as say } from '../support/report.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, killHard, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { SeededRandom } from '../support/seeded-random.js';
import { settleAndCheck } from '../support/settle.js';
import { arm } from './kill-points.js';

let world: ChaosWorld;
beforeAll(async () => {
  world = await ChaosWorld.create();
});
afterAll(async () => {
  await world?.close();
});

describe('kill -9 while the final follow-up is being sent', () => {
  // Was a known gap: a follow-up (interaction webhook) carries no nonce, so a process dying after
  // Discord posted it but before notified_at was written could post the completion twice on resume;
  // delivery now checks "already delivered?" first. This test holds Discord’s answer and kills there.
  it('the user still gets exactly one completion message', async () => {
    const rng = new SeededRandom(Number(process.env.CHAOS_SEED ?? 8));
    let bot = await world.startBot('bot-0');
    const armed = await arm(world, 'sending-followup', 'kill while sending a follow-up', rng);
    await eventually(() => armed.reached(), 30_000);
    await killHard(bot);
    armed.disarm();
    bot = await world.startBot('bot-1');
    const report = await settleAndCheck(world, 60_000);
    expect(await stopGracefully(bot)).toBe(0);
    say(`[chaos] follow-up send: ${JSON.stringify(report.outcomes)}`);
    expect(report.violations).toEqual([]);
  });
});
