import { report as say } from '../support/report.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killHard, stopGracefully, type BotProcess } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { eventually } from '../support/bot-process.js';
import { describeMessages } from '../support/invariants.js';
import { SeededRandom } from '../support/seeded-random.js';
import { settleAndCheck } from '../support/settle.js';
import { arm, fillerScript, GUARANTEED_KILL_POINTS, type KillPoint } from './kill-points.js';

const FULL = process.env.CHAOS_FULL === '1';
const KILLS = Number(process.env.CHAOS_KILLS ?? (FULL ? 110 : 18));

let world: ChaosWorld;
beforeAll(async () => {
  world = await ChaosWorld.create();
});
afterAll(async () => {
  await world?.close();
});

describe('kill -9 at random points of a request’s life', () => {
  it(`every request ends in exactly one terminal status, one paid generation at most, one message (${KILLS} kills)`, async () => {
    const rng = SeededRandom.fromEnv();
    say(`[chaos] seed ${rng.seed} (replay: CHAOS_SEED=${rng.seed}${FULL ? ' CHAOS_FULL=1' : ''}), ${KILLS} kill points`);
    const reached: Record<string, number> = {};
    const missed: Record<string, number> = {};
    const log: string[] = [];
    let bot: BotProcess = await world.startBot('bot-0');
    for (let i = 0; i < KILLS; i++) {
      await world.finishOrphanedStarts();
      for (let f = rng.int(0, 2); f > 0; f--) {
        const prompt = `filler ${i}.${f}`;
        world.google.script(prompt, fillerScript(rng));
        await world.submit(prompt);
      }
      const point: KillPoint = rng.pick(GUARANTEED_KILL_POINTS);
      const armed = await arm(world, point, `kill ${i} ${point}`, rng);
      const hit = await eventually(() => armed.reached(), 25_000).then(() => true, () => false);
      if (hit && point === 'polling') await new Promise((r) => setTimeout(r, rng.int(0, 1_500)));
      await killHard(bot);
      armed.disarm();
      log.push(`#${i} ${point} ${hit ? 'hit' : 'MISSED'} user ${armed.request.userId} request ${armed.request.requestId}`);
      (hit ? reached : missed)[point] = ((hit ? reached : missed)[point] ?? 0) + 1;
      bot = await world.startBot(`bot-${i + 1}`);
    }
    const report = await settleAndCheck(world, 120_000);
    expect(await stopGracefully(bot)).toBe(0);
    say(`[chaos] seed ${rng.seed}: reached ${JSON.stringify(reached)} missed ${JSON.stringify(missed)}; ${report.outcomes.length} requests ${JSON.stringify(report.tally)}; starts ${world.google.startCount}`);
    if (report.violations.length > 0) {
      say(`[chaos] seed ${rng.seed} violations:\n  ${report.violations.join('\n  ')}\nkills:\n  ${log.join('\n  ')}`);
      for (const o of report.outcomes.filter((x) => x.messages !== 1)) say(`[chaos] messages of ${o.userId}: ${describeMessages(world, o.userId)}`);
    }
    expect(report.violations).toEqual([]);
    expect(report.settled).toBe(true);
    expect(Object.values(reached).reduce((a, b) => a + b, 0)).toBeGreaterThan(KILLS / 2);
  });
});
