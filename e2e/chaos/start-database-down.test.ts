import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { visibleText, type FakeInteraction } from '@veo-bot/adapter-discord/testing';
import { TcpProxy, freePort } from '@veo-bot/adapter-postgres/testing';
import { FileGuildSettingsSnapshot, loadConfig, settingsDatabaseLabel } from '@veo-bot/cli';
import { MemoryLogger } from '@veo-bot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, stopGracefully } from '../support/bot-process.js';
import { ChaosWorld } from '../support/chaos-world.js';
import { report as say } from '../support/report.js';
import { settleAndCheck } from '../support/settle.js';

const DOWN_MS = process.env.CHAOS_FULL === '1' ? 30_000 : 6_000;

let world: ChaosWorld;
let proxy: TcpProxy;
beforeAll(async () => {
  world = await ChaosWorld.create();
  const target = new URL(world.db.database.url);
  // Reserved, but not listening until the database "comes back".
  proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, await freePort());
});
afterAll(async () => {
  await proxy?.stop();
  await world?.close();
});

describe('veo-bot start while the database is unreachable', () => {
  it('logs in, answers every /veo, and once the database answers finishes each request exactly once', async () => {
    const url = new URL(world.db.database.url);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    // An earlier run on this host read the settings (nobody had configured the server): without
    // that snapshot a process that never read them refuses /veo in servers.
    const snapshotPath = join(mkdtempSync(join(tmpdir(), 'veo-chaos-snapshot-')), 'guild-settings.json');
    const database = settingsDatabaseLabel(loadConfig({ DATABASE_URL: url.toString(), DATABASE_SCHEMA: world.db.schema }));
    await new FileGuildSettingsSnapshot({ path: snapshotPath, database, logger: new MemoryLogger() }).save({ takenAt: new Date(Date.now() - 60_000), settings: [] });
    // Resume is retried every 5 s and the first /veo of the outage must not wait for the database long.
    const bot = await world.startBot('bot-down', { DATABASE_URL: url.toString(), DATABASE_CONNECT_TIMEOUT_MS: '500', VEO_SETTINGS_SNAPSHOT: snapshotPath });
    const readyAt = Date.now();
    const sent: { interaction: FakeInteraction; userId: string }[] = [];
    for (let i = 0; i < 3; i++) {
      world.google.script(`down at start ${i}`, { outcome: 'succeed', afterPolls: 1 + i, sizeBytes: 128 * 1024 });
      const userId = world.newUser();
      sent.push({ userId, interaction: world.discord.injectSlashCommand({ channelId: world.channel.id, userId, commandName: 'veo', options: { prompt: `down at start ${i}` } }) });
    }
    // Each /veo is answered while the database is still down: never left "thinking".
    for (const { interaction } of sent) {
      await world.discord.waitFor(() => {
        const original = world.discord.originalOf(interaction);
        return original && visibleText(original).length > 0 ? original : undefined;
      }, 20_000);
    }
    await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - readyAt))));
    expect(bot.output()).toContain('Failed to query incomplete requests');
    expect(bot.hasExited()).toBe(false);
    await proxy.start();
    const upAt = Date.now();

    // Requests accepted with a synthetic id are backfilled once the database answers.
    await eventually(async () => {
      const rows = await world.rows();
      return sent.every((s) => rows.some((r) => r.interaction_id === s.interaction.id));
    }, 60_000, 200);
    const backfilledAfter = Date.now() - upAt;
    const resumedAfter = await eventually(() => (/Resume process completed|No incomplete requests to resume/.test(bot.output()) ? Date.now() - upAt : undefined), 30_000, 100);
    const report = await settleAndCheck(world, 90_000);
    expect(await stopGracefully(bot)).toBe(0);
    say(`[start-db-down] down ${DOWN_MS} ms from start; ${sent.length} /veo answered during it; rows backfilled ${(backfilledAfter / 1000).toFixed(1)} s and resume done ${(resumedAfter / 1000).toFixed(1)} s after the database answered; ${JSON.stringify(report.tally)}`);
    expect(report.violations).toEqual([]);
    expect(report.settled).toBe(true);
    expect(report.outcomes).toHaveLength(sent.length);
    expect(world.google.startCount).toBe(sent.length);
  });
});
