import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { MemoryLogger } from '@veo-bot/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopWithDeadline } from '../runtime/stop-deadline.js';
import { eventually, runCli, spawnCli } from './support/run-cli.js';

/** A TCP forwarder that can freeze: connections stay open but nothing passes (a database that hangs). */
class FreezingProxy {
  frozen = false;
  port = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(target: { host: string; port: number }) {
    this.server = createServer((client) => {
      const upstream = createConnection(target);
      for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
        this.sockets.add(from);
        from.on('data', (chunk: Buffer) => void (this.frozen || to.write(chunk)));
        from.on('error', () => from.destroy());
        from.on('close', () => to.destroy());
      }
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('stopWithDeadline', () => {
  it('returns true and never exits when the stop finishes in time', async () => {
    const exits: number[] = [];
    const ok = await stopWithDeadline({ stop: async () => undefined, seconds: 5, logger: new MemoryLogger(), left: () => ({}), exit: (c) => exits.push(c) });
    expect(ok).toBe(true);
    expect(exits).toEqual([]);
  });

  it('past the deadline logs what was left and exits 1', async () => {
    const logger = new MemoryLogger();
    const exits: number[] = [];
    const ok = await stopWithDeadline({ stop: () => new Promise(() => undefined), seconds: 0.05, logger, left: () => ({ queued: 2, running: 1 }), exit: (c) => exits.push(c) });
    expect(ok).toBe(false);
    expect(exits).toEqual([1]);
    expect(JSON.stringify(logger.entries)).toContain('Shutdown deadline passed');
    expect(JSON.stringify(logger.entries)).toMatch(/"queued":2.*"running":1|"running":1.*"queued":2/);
  });

  it('a stop that fails still rejects (reported by the CLI as a failure), without waiting for the deadline', async () => {
    const exits: number[] = [];
    const started = Date.now();
    await expect(stopWithDeadline({ stop: () => Promise.reject(new Error('pool end failed')), seconds: 30, logger: new MemoryLogger(), left: () => ({}), exit: (c) => exits.push(c) })).rejects.toThrow('pool end failed');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(exits).toEqual([]);
  });
});

describe('veo-bot start: the graceful stop has a hard deadline', () => {
  let db: TestSchema;
  let discord: FakeDiscord;
  let google: FakeGoogleCloud;
  let proxy: FreezingProxy;

  beforeAll(async () => {
    db = await createTestSchema();
    const target = new URL(db.database.url);
    proxy = new FreezingProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
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

  const env = () => {
    const via = new URL(db.database.url);
    via.hostname = '127.0.0.1';
    via.port = String(proxy.port);
    return {
      DATABASE_URL: via.toString(),
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
    };
  };

  it('a stop stuck on a database that stopped answering ends at SHUTDOWN_TIMEOUT_SECONDS with exit 1, naming what it left', async () => {
    const guild = discord.addGuild();
    const channel = discord.addChannel(guild.id);
    google.script('a glacier calving, slowly', { outcome: 'succeed', afterPolls: 1_000, sizeBytes: 1024 });
    const bot = spawnCli(['start'], { ...env(), SHUTDOWN_TIMEOUT_SECONDS: '2' });
    try {
      await eventually(() => bot.output().includes('veo-bot started'), 60_000);
      discord.injectSlashCommand({ channelId: channel.id, userId: '300000000000000017', commandName: 'veo', options: { prompt: 'a glacier calving, slowly' } });
      await eventually(() => google.startCount === 1, 30_000);
      await new Promise((r) => setTimeout(r, 1_500)); // the start is recorded and polling has begun
      proxy.frozen = true;
      const signalled = Date.now();
      bot.child.kill('SIGTERM');
      const code = await bot.exited;
      const took = Date.now() - signalled;
      expect(code).toBe(1);
      expect(took).toBeGreaterThanOrEqual(2_000);
      expect(took).toBeLessThan(10_000);
      const line = bot.output().split('\n').find((l) => l.includes('Shutdown deadline passed'));
      expect(line).toBeDefined();
      expect(JSON.parse(line as string)).toMatchObject({ deadline_seconds: 2, at_signal: { running: 1 } });
      expect(bot.output()).toContain('shutdown took longer than SHUTDOWN_TIMEOUT_SECONDS=2');
    } finally {
      bot.child.kill('SIGKILL');
      proxy.frozen = false;
      await bot.exited;
      // Its render (scripted never to finish) must not become the next case's resumed work.
      await db.pool().query('DELETE FROM video_requests');
    }
  });

  it('a stop that finishes in time still exits 0 (the deadline is no delay)', async () => {
    const bot = spawnCli(['start'], { ...env(), SHUTDOWN_TIMEOUT_SECONDS: '30' });
    try {
      await eventually(() => bot.output().includes('veo-bot started'), 60_000);
      const signalled = Date.now();
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(10_000);
      expect(bot.output()).not.toContain('Shutdown deadline passed');
    } finally {
      bot.child.kill('SIGKILL');
    }
  });

  it('a bad SHUTDOWN_TIMEOUT_SECONDS stops the command with exit 2, naming the variable', async () => {
    const result = await runCli(['start'], { ...env(), SHUTDOWN_TIMEOUT_SECONDS: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SHUTDOWN_TIMEOUT_SECONDS');
  });
});
