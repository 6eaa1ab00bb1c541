import { PgRequestRepository } from '@veo-bot/adapter-postgres';
import { TcpProxy, createTestSchema, freePort, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeDiscord, userView, visibleText } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { PROMPT_BLOCKED, defaultGuildSettings } from '@veo-bot/core';
import { MemoryLogger } from '@veo-bot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { settingsDatabaseLabel } from '../config/snapshot-config.js';
import { FileGuildSettingsSnapshot } from '../system/file-guild-settings-snapshot.js';
import { eventually, spawnCli } from './support/run-cli.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;
let proxy: TcpProxy;
let proxiedUrl: string;

beforeAll(async () => {
  // A schema nothing was migrated into: the bot must migrate it itself once the database answers.
  db = await createTestSchema({ migrate: false });
  const target = new URL(db.database.url);
  // Reserved but closed until the test "brings the database back".
  proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, await freePort());
  const via = new URL(db.database.url);
  via.hostname = '127.0.0.1';
  via.port = String(proxy.port);
  proxiedUrl = via.toString();
  discord = await FakeDiscord.start();
  google = new FakeGoogleCloud({ accessToken: FAKE_ACCESS_TOKEN });
  await google.start();
});
afterAll(async () => {
  await proxy?.stop();
  await discord?.stop();
  await google?.stop();
  await db?.drop();
});

describe('veo-bot start while the database is down', () => {
  it('logs in, answers /veo under the settings snapshot, reports database down, then migrates, resumes, backfills and rewrites the snapshot by itself once the database answers', async () => {
    const guild = discord.addGuild();
    const channel = discord.addChannel(guild.id);
    const user = '300000000000000002';
    google.script('a fox in the outage', { outcome: 'succeed', afterPolls: 1, sizeBytes: 256 * 1024 });
    // What an earlier run of this bot left on this host: the server had blocked a word.
    const snapshotPath = join(mkdtempSync(join(tmpdir(), 'veo-start-down-')), 'guild-settings.json');
    const database = settingsDatabaseLabel(loadConfig({ DATABASE_URL: proxiedUrl, DATABASE_SCHEMA: db.schema }));
    const earlier = new Date(Date.now() - 3_600_000);
    const file = new FileGuildSettingsSnapshot({ path: snapshotPath, database, logger: new MemoryLogger() });
    await file.save({ takenAt: earlier, settings: [{ ...defaultGuildSettings(guild.id), blockedWords: ['dragon'], updatedAt: earlier, updatedBy: 'owner' }] });
    const bot = spawnCli(['start'], {
      DATABASE_URL: proxiedUrl,
      DATABASE_SCHEMA: db.schema,
      VEO_SETTINGS_SNAPSHOT: snapshotPath,
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      DISCORD_TOKEN: 'bot-token-for-the-fake-0123456789',
      DISCORD_API_URL: discord.apiUrl,
      GOOGLE_CLOUD_PROJECT: 'proj',
      GCS_BUCKET: 'veo-test-bucket',
      VERTEX_BASE_URL: google.url,
      GCS_API_ENDPOINT: google.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      VEO_POLL_INTERVAL_SECONDS: '1',
      LEASE_SECONDS: '10',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    try {
      const port = await eventually(() => /"http_port":(\d+)/.exec(bot.output())?.[1], 20_000).catch((e: unknown) => { throw new Error(`${String(e)}\n${bot.output()}`); });
      const health = await eventually(async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { database: string; gateway: string };
        return body.gateway === 'ready' ? body : undefined;
      });
      expect(health).toMatchObject({ database: 'down', gateway: 'ready' });
      expect(bot.output()).toContain('Failed to query incomplete requests');

      // The server's rules as last known hold while the database is down.
      const blocked = discord.injectSlashCommand({ channelId: channel.id, userId: user, commandName: 'veo', options: { prompt: 'a dragon in the outage' } });
      const refusal = await discord.waitFor(() => discord.followUpsOf(blocked).find((m) => visibleText(m).length > 0), 20_000);
      expect(visibleText(refusal)).toBe(PROMPT_BLOCKED);
      expect(bot.output()).toContain('using the local snapshot');

      // Answered while the database is down: a text-only /veo goes ahead with a synthetic id.
      const interaction = discord.injectSlashCommand({ channelId: channel.id, userId: user, commandName: 'veo', options: { prompt: 'a fox in the outage' } });
      const done = await discord.waitFor(() => discord.followUpsOf(interaction).find((m) => m.attachments.length > 0), 30_000);
      expect(userView(done, user)).toMatchObject({ mentionsUser: true, attached: true });
      expect(bot.child.exitCode).toBeNull();

      await proxy.start();
      await eventually(() => bot.output().includes('Migration applied'), 30_000);
      await eventually(() => /Resume process completed|No incomplete requests to resume/.test(bot.output()), 30_000);
      const healthy = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return res.status === 200 ? ((await res.json()) as { database: string }) : undefined;
      }, 30_000);
      expect(healthy.database).toBe('up');
      // The request's final state, written nowhere during the outage, is backfilled.
      const repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
      const row = await eventually(async () => {
        const page = await repo.userHistory({ userId: user, limit: 5, offset: 0 });
        return page.items.find((r) => r.status === 'completed' && r.notifiedAt !== null);
      }, 45_000);
      expect(row.prompt).toBe('a fox in the outage');
      expect(google.startCount).toBe(1);
      // Read in full from the database now (where this server has no settings): the snapshot says so.
      const rewritten = await eventually(async () => {
        const now = await file.load();
        return now && now.takenAt > earlier ? now : undefined;
      }, 30_000);
      expect(rewritten.settings).toEqual([]);
      expect(statSync(snapshotPath).mode & 0o777).toBe(0o600);

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });
});
