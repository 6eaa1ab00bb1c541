import { createTestSchema, type TestSchema } from '@veo-bot/adapter-postgres/testing';
import { FakeDiscord, shardOf } from '@veo-bot/adapter-discord/testing';
import { FAKE_ACCESS_TOKEN, FakeGoogleCloud } from '@veo-bot/adapter-vertex/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, fakeWorldEnv, runCli, spawnCli } from './support/run-cli.js';

let db: TestSchema;
let discord: FakeDiscord;
let google: FakeGoogleCloud;

beforeAll(async () => {
  db = await createTestSchema();
  discord = await FakeDiscord.start();
  google = new FakeGoogleCloud({ accessToken: FAKE_ACCESS_TOKEN });
  await google.start();
});
afterAll(async () => {
  await discord?.stop();
  await google?.stop();
  await db?.drop();
});

const env = () => ({ ...fakeWorldEnv(db, discord, google, FAKE_ACCESS_TOKEN), LOG_LEVEL: 'info' });

describe('veo-bot start: models and shards', () => {
  it('a retired model in VEO_MODEL or VEO_MODELS stops the start with exit 2, naming the replacement', async () => {
    const result = await runCli(['start'], { ...env(), VEO_MODEL: 'veo-2.0-generate-001' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('VEO_MODEL: veo-2.0-generate-001 was retired by Google on 2026-06-30; use veo-3.1-generate-001 instead');
    const list = await runCli(['start'], { ...env(), VEO_MODELS: 'veo-3.1-generate-001,veo-3.0-fast-generate-001' });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('VEO_MODELS: veo-3.0-fast-generate-001 was retired by Google on 2026-06-30; use veo-3.1-fast-generate-001 instead');
    const catalog = await runCli(['start'], { ...env(), VEO_MODEL_CATALOG: '[{"id":"veo-3.2-generate-001"}]' });
    expect(catalog.code).toBe(2);
    expect(catalog.stderr).toContain('VEO_MODEL_CATALOG: models[0] (veo-3.2-generate-001).label must be text of 1 to 50 characters');
    const shards = await runCli(['start'], { ...env(), DISCORD_SHARDS: '0,1' });
    expect(shards.code).toBe(2);
    expect(shards.stderr).toContain('DISCORD_SHARD_COUNT: required with DISCORD_SHARDS=0,1');
  });

  it('DISCORD_SHARDS=0,1 with DISCORD_SHARD_COUNT=2: both shards in one process, reported by /healthz and /metrics', async () => {
    const guilds = [discord.addGuild(), discord.addGuild()];
    expect(new Set(guilds.map((g) => shardOf(g.id, 2)))).toEqual(new Set([0, 1]));
    const bot = spawnCli(['start'], { ...env(), DISCORD_SHARDS: '0,1', DISCORD_SHARD_COUNT: '2' });
    try {
      const port = await eventually(() => /"http_port":(\d+)/.exec(bot.output())?.[1], 60_000);
      const health = await eventually(async () => {
        const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { gateway: string; shards: unknown };
        return body.gateway === 'ready' ? body : undefined;
      }, 60_000);
      expect(health.shards).toMatchObject({ count: 2, ids: [0, 1], states: [{ id: 0, status: 'ready' }, { id: 1, status: 'ready' }] });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('veo_discord_shard_ready{shard="0",status="ready"} 1');
      expect(metrics).toContain('veo_discord_shard_ready{shard="1",status="ready"} 1');
      expect(metrics).toContain('veo_discord_shard_count 2');
      expect(discord.refusedIdentifies).toEqual([]);
      expect(bot.output()).toMatch(/"shard_ids":\[0,1\],"shard_count":2/);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  });
});
