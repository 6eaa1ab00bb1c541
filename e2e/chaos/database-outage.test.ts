import { visibleText, type FakeInteraction } from '@veo-bot/adapter-discord/testing';
import { report as say } from '../support/report.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld, type Submitted } from '../support/chaos-world.js';
import { settleAndCheck } from '../support/settle.js';
import { TcpProxy } from '@veo-bot/adapter-postgres/testing';

const OUTAGE_MS = process.env.CHAOS_FULL === '1' ? 60_000 : 10_000;

let world: ChaosWorld;
let proxy: TcpProxy;
beforeAll(async () => {
  world = await ChaosWorld.create();
  const target = new URL(world.db.database.url);
  proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  await proxy.start();
});
afterAll(async () => {
  await proxy?.stop();
  await world?.close();
});

/** DATABASE_URL through the proxy. */
function viaProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}

describe(`database unreachable for ${OUTAGE_MS / 1000} s with requests in flight`, () => {
  it('keeps running, answers /veo clearly, and reconciles every request when the database returns', async () => {
    const bot = await world.startBot('bot-db', { DATABASE_URL: viaProxy(world.db.database.url, proxy.port) });
    const before: Submitted[] = [];
    for (let i = 0; i < 3; i++) {
      world.google.script(`outage before ${i}`, { outcome: 'succeed', afterPolls: 4 + i, sizeBytes: 128 * 1024 });
      before.push(await world.submit(`outage before ${i}`));
    }
    await proxy.stop();
    const during: { interaction: FakeInteraction; userId: string }[] = [];
    for (let i = 0; i < 2; i++) {
      world.google.script(`outage during ${i}`, { outcome: 'succeed', afterPolls: 1, sizeBytes: 128 * 1024 });
      const userId = world.newUser();
      during.push({ userId, interaction: world.discord.injectSlashCommand({ channelId: world.channel.id, userId, commandName: 'veo', options: { prompt: `outage during ${i}` } }) });
    }
    // Each /veo sent during the outage is answered (deferred, then a message): never left hanging.
    for (const { interaction } of during) {
      await world.discord.waitFor(() => {
        const original = world.discord.originalOf(interaction);
        return original && visibleText(original).length > 0 ? original : undefined;
      }, 20_000);
    }
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    expect(bot.hasExited()).toBe(false);
    await proxy.start();

    // Requests that went ahead with a synthetic id are backfilled: wait for their rows too.
    const answeredWithError = new Set<string>();
    await eventually(async () => {
      const rows = await world.rows();
      for (const d of during) {
        if (rows.some((r) => r.interaction_id === d.interaction.id)) continue;
        const seen = [world.discord.originalOf(d.interaction), ...world.discord.followUpsOf(d.interaction)].filter((m) => m !== undefined);
        if (seen.some((m) => /temporar|database|try again/i.test(visibleText(m)))) answeredWithError.add(d.userId);
        else return false;
      }
      return true;
    }, 90_000, 500);
    const report = await settleAndCheck(world, 120_000);
    expect(bot.hasExited()).toBe(false);
    expect(await stopGracefully(bot)).toBe(0);
    say(`[db-outage] ${OUTAGE_MS} ms outage: ${report.outcomes.length} rows ${JSON.stringify(report.tally)}; ${answeredWithError.size} /veo answered with a temporary error`);
    expect(report.violations).toEqual([]);
    expect(report.settled).toBe(true);
    for (const s of before) expect((await world.row(s.requestId))?.status).toBe('completed');
    expect(report.outcomes.length + answeredWithError.size).toBe(before.length + during.length);
  });
});
