import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PgRequestRepository } from '@veo-bot/adapter-postgres';
import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord, userView } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { MemoryLogger, aRequest, testUuid } from '@veo-bot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, fakeWorldEnv, runCli, spawnCli } from './support/run-cli.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;
let repo: PgRequestRepository;
const MIB = 1024 * 1024;

beforeAll(async () => {
  db = await createTestSchema();
  repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
  discord = await FakeDiscord.start();
  google = new FakeGoogleCloud({ accessToken: FAKE_ACCESS_TOKEN });
  await google.start();
});
afterAll(async () => {
  await discord?.stop();
  await google?.stop();
  await db?.drop();
});

describe('veo-bot start', () => {
  it('reaches ready, resumes in the background, serves /veo, /healthz and /metrics, and shuts down cleanly on SIGTERM', async () => {
    const guild = discord.addGuild();
    const channel = discord.addChannel(guild.id);
    const boosted = discord.addGuild({ uploadLimitBytes: 25 * MIB });
    const boostedChannel = discord.addChannel(boosted.id);
    const user = '300000000000000001';
    // Left behind by a crashed process: an operation Vertex no longer knows.
    const orphan = aRequest({ id: testUuid(), userId: user, guildId: guild.id, channelId: channel.id, status: 'generating', operationName: 'projects/p/locations/l/publishers/google/models/m/operations/lost', startedAt: new Date(Date.now() - 30 * 60_000), createdAt: new Date(Date.now() - 31 * 60_000), interaction: null });
    await repo.create(orphan);
    google.script('a fox running through snow', { outcome: 'succeed', afterPolls: 1, sizeBytes: 512 * 1024 });

    const bot = spawnCli(['start'], { ...fakeWorldEnv(db, discord, google, FAKE_ACCESS_TOKEN), VEO_POLL_INTERVAL_SECONDS: '1', LOG_LEVEL: 'info' });
    try {
      const port = await eventually(() => /"http_port":(\d+)/.exec(bot.output())?.[1], 60_000);
      const health = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        return res.status === 200 ? ((await res.json()) as { database: string; gateway: string }) : undefined;
      });
      expect(health).toMatchObject({ database: 'up', gateway: 'ready' });

      // Resume ran in the background: the orphan ended as a timeout the user was told about.
      const resumedNotice = await discord.waitFor(() => discord.messagesIn(channel.id).find((m) => m.content.includes('timed out during bot restart')), 30_000);
      expect(userView(resumedNotice, user)).toMatchObject({ mentionsUser: true, retryButton: true });
      expect(await repo.get(orphan.id)).toMatchObject({ status: 'timeout', errorMessage: 'Video generation timed out during bot restart' });

      const interaction = discord.injectSlashCommand({ channelId: channel.id, userId: user, commandName: 'veo', options: { prompt: 'a fox running through snow' } });
      const done = await discord.waitFor(() => discord.followUpsOf(interaction).find((m) => m.attachments.length > 0), 30_000);
      expect(userView(done, user)).toMatchObject({ mentionsUser: true, attached: true });
      expect(google.startCount).toBe(1);

      // The router records the interaction's exact limit in the directory the notifier reads.
      google.script('a big fox', { outcome: 'succeed', afterPolls: 1, sizeBytes: 12 * MIB });
      const big = discord.injectSlashCommand({ channelId: boostedChannel.id, userId: user, commandName: 'veo', options: { prompt: 'a big fox' }, attachmentSizeLimit: 25 * MIB });
      const bigDone = await discord.waitFor(() => discord.followUpsOf(big).find((m) => m.content.includes(`<@${user}>`)), 30_000);
      expect(userView(bigDone, user)).toMatchObject({ attached: true });
      expect(bigDone.attachments[0]?.size).toBe(12 * MIB);

      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/veo_requests_total\{status="completed"\} 2/);
      expect(metrics).toMatch(/veo_requests_total\{status="timeout"\} 1/);
      expect(metrics).toMatch(/veo_resumed_requests_total\{outcome="timeout"\} 1/);
      expect(metrics).toContain('veo_generation_duration_seconds_bucket');
      expect(metrics).toMatch(/veo_queue_depth\{state="queued"\} 0/);
      expect(metrics).toContain('veo_vertex_errors_total{call="poll",kind="expired"} 1');

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(bot.output()).not.toContain('bot-token-for-the-fake-0123456789');
      expect(bot.output()).not.toContain(FAKE_ACCESS_TOKEN);
    } finally {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    }
  });

  it('a refused bot token (Discord answers 401) exits 1 at once with the one line "An invalid token was provided."', async () => {
    // Discord as it answers a revoked token: 401 on GET /gateway/bot, the first call of a login.
    const refusing = createServer((_req, res) => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '401: Unauthorized', code: 0 })));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    const token = 'revoked-bot-token-0123456789abcdef';
    try {
      const started = Date.now();
      const result = await runCli(['start'], {
        DATABASE_URL: db.database.url,
        DATABASE_SCHEMA: db.schema,
        DISCORD_TOKEN: token,
        DISCORD_API_URL: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/api`,
        GOOGLE_CLOUD_PROJECT: 'proj',
        GCS_BUCKET: 'veo-test-bucket',
        GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
      }, 30_000);
      expect(result.code).toBe(1);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(result.stderr.trim().split('\n')).toEqual(['veo-bot: An invalid token was provided.']);
      expect(result.stdout + result.stderr).not.toContain(token);
      expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });

  it('a database migrated by a newer veo-bot: logs in, then stops in order and exits 2 with one line naming both versions, changing nothing', async () => {
    const newer = await createTestSchema();
    try {
      await newer.pool().query("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')");
      const before = await newer.pool().query('SELECT count(*)::int AS n FROM schema_migrations');
      const result = await runCli(['start'], fakeWorldEnv(newer, discord, google, FAKE_ACCESS_TOKEN), 60_000);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^veo-bot: The database schema is at migration 999, newer than this veo-bot knows \(\d+\)/)]);
      expect(result.stdout).toContain('Database schema is newer than this code');
      expect((await newer.pool().query('SELECT count(*)::int AS n FROM schema_migrations')).rows).toEqual(before.rows);
    } finally {
      await newer.drop();
    }
  });
});
