import { PgRequestRepository } from '@veo-bot/adapter-postgres';
import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord, userView } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { MemoryLogger, aRequest, testUuid } from '@veo-bot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, spawnCli } from './support/run-cli.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;
let repo: PgRequestRepository;

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
    const user = '300000000000000001';
    // Left behind by a crashed process: an operation Vertex no longer knows.
    const orphan = aRequest({ id: testUuid(), userId: user, guildId: guild.id, channelId: channel.id, status: 'generating', operationName: 'projects/p/locations/l/publishers/google/models/m/operations/lost', startedAt: new Date(Date.now() - 30 * 60_000), createdAt: new Date(Date.now() - 31 * 60_000), interaction: null });
    await repo.create(orphan);
    google.script('a fox running through snow', { outcome: 'succeed', afterPolls: 1, sizeBytes: 512 * 1024 });

    const bot = spawnCli(['start'], {
      DATABASE_URL: db.database.url,
      DATABASE_SCHEMA: db.schema,
      DISCORD_TOKEN: 'bot-token-for-the-fake-0123456789',
      DISCORD_API_URL: discord.apiUrl,
      GOOGLE_CLOUD_PROJECT: 'proj',
      GCS_BUCKET: 'veo-test-bucket',
      VERTEX_BASE_URL: google.url,
      GCS_API_ENDPOINT: google.url,
      GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      VEO_POLL_INTERVAL_SECONDS: '1',
      HTTP_PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
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

      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/veo_requests_total\{status="completed"\} 1/);
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
});
