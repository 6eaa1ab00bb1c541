import { shardOf } from '@veo-bot/adapter-discord/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, killHard, stopGracefully, type BotProcess } from '../support/bot-process.js';
import { ChaosWorld, type Submitted } from '../support/chaos-world.js';
import { report as say } from '../support/report.js';
import { settleAndCheck } from '../support/settle.js';

let world: ChaosWorld;
beforeAll(async () => {
  world = await ChaosWorld.create();
});
afterAll(async () => {
  await world?.close();
});

interface Health {
  readonly gateway: string;
  readonly shards: { count: number | null; ids: number[]; states: { id: number; status: string }[] };
}

const portOf = (bot: BotProcess): number => Number(/"http_port":(\d+)/.exec(bot.output())?.[1]);
const workerOf = (bot: BotProcess): string | undefined => /"worker_id":"([^"]+)"/.exec(bot.output())?.[1];
const health = async (bot: BotProcess): Promise<Health> => (await (await fetch(`http://127.0.0.1:${portOf(bot)}/healthz`)).json()) as Health;

describe('two processes, one Discord shard each, on one database', () => {
  it('each gets only its own guilds’ interactions; every request completes and is delivered once; the survivor finishes a killed shard’s requests', async () => {
    // One guild per shard, as Discord routes them: shard = (guild_id >> 22) % 2.
    const guilds = [world.guild];
    while (guilds.length < 2 || shardOf(guilds[0]!.id, 2) === shardOf(guilds[guilds.length - 1]!.id, 2)) guilds.push(world.discord.addGuild());
    const [first, second] = [guilds[0]!, guilds[guilds.length - 1]!];
    const channelOf = new Map([[shardOf(first.id, 2), world.channel.id], [shardOf(second.id, 2), world.discord.addChannel(second.id).id]]);

    const bots = [await world.startBot('shard-0', { DISCORD_SHARDS: '0', DISCORD_SHARD_COUNT: '2' }), await world.startBot('shard-1', { DISCORD_SHARDS: '1', DISCORD_SHARD_COUNT: '2' })];
    for (const [shard, bot] of bots.entries()) {
      expect(await health(bot)).toMatchObject({ gateway: 'ready', shards: { count: 2, ids: [shard], states: [{ id: shard, status: 'ready' }] } });
      expect(await (await fetch(`http://127.0.0.1:${portOf(bot)}/metrics`)).text()).toContain(`veo_discord_shard_ready{shard="${shard}",status="ready"} 1`);
    }
    expect(world.discord.refusedIdentifies).toEqual([]);
    const workers = bots.map((b) => workerOf(b));

    // Long renders on both shards, so shard 0's are mid-generation when its process dies.
    const submitted: { shard: number; s: Submitted }[] = [];
    for (let i = 0; i < 3; i++) {
      for (const shard of [0, 1]) {
        const prompt = `shard ${shard} long ${i}`;
        world.google.script(prompt, { outcome: 'succeed', afterPolls: 5, sizeBytes: 128 * 1024 });
        submitted.push({ shard, s: await world.submit(prompt, channelOf.get(shard)) });
      }
    }
    // Each /veo was answered by the process owning its guild's shard (the row is leased to it).
    const owners = await eventually(async () => {
      const rows = await Promise.all(submitted.map(({ s }) => world.row(s.requestId)));
      return rows.every((r) => r?.status === 'generating') ? rows.map((r) => r?.lease_owner) : undefined;
    }, 30_000);
    expect(owners).toEqual(submitted.map(({ shard }) => workers[shard]));

    await killHard(bots[0]!);
    // Discord has nobody to hand shard 0's interactions to now (a restarted process would take them).
    await expect(world.submit('nobody hears this', channelOf.get(0))).rejects.toThrow('no gateway client owns this guild');
    for (let i = 0; i < 2; i++) {
      const prompt = `shard 1 after ${i}`;
      world.google.script(prompt, { outcome: 'succeed', afterPolls: 2, sizeBytes: 128 * 1024 });
      submitted.push({ shard: 1, s: await world.submit(prompt, channelOf.get(1)) });
    }

    const result = await settleAndCheck(world, 90_000);
    say(`[two-shards] ${result.outcomes.length} requests ${JSON.stringify(result.tally)}; shard 0's ${submitted.filter((x) => x.shard === 0).length} finished by shard 1's process`);
    expect(result.violations).toEqual([]);
    expect(result.settled).toBe(true);
    for (const { s } of submitted) expect((await world.row(s.requestId))?.status).toBe('completed');
    expect(world.google.startCount).toBe(submitted.length);
    expect(bots[1]!.hasExited()).toBe(false);
    expect(await stopGracefully(bots[1]!)).toBe(0);
  });
});
