import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger } from '@veo-bot/core/testing';
import { DiscordBot } from '../discord-bot.js';
import { DiscordNotifier } from '../discord-notifier.js';
import { FakeDiscord, shardOf } from '../testing/index.js';
import { policy, StubHandlers } from './support/bot-harness.js';

describe('sharding and DMs', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    cleanups.length = 0;
  });

  it('two shard processes each get only the interactions of their own guilds', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.stop());
    const guilds = [fake.addGuild(), fake.addGuild()];
    expect(new Set(guilds.map((g) => shardOf(g.id, 2)))).toEqual(new Set([0, 1]));
    const channels = guilds.map((g) => fake.addChannel(g.id));
    const shards = [0, 1].map((shard) => {
      const handlers = new StubHandlers();
      handlers.notifier = new DiscordNotifier({ token: 't', apiBaseUrl: fake.apiUrl, logger: new MemoryLogger() });
      const bot = new DiscordBot({ token: 't', apiBaseUrl: fake.apiUrl, handlers, policy, logger: new MemoryLogger(), shards: [shard], shardCount: 2, registerCommands: shard === 0 });
      cleanups.push(() => bot.stop());
      return { shard, handlers, bot };
    });
    await Promise.all(shards.map((s) => s.bot.start()));
    for (const s of shards) expect([...s.bot.client.guilds.cache.keys()]).toEqual(guilds.filter((g) => shardOf(g.id, 2) === s.shard).map((g) => g.id));

    const interactions = channels.map((c) => fake.injectSlashCommand({ channelId: c.id, userId: '9', options: { prompt: `in ${c.guildId}` } }));
    await fake.waitFor(() => interactions.every((i) => fake.originalOf(i)?.content.includes('Queued')));
    for (const s of shards) {
      expect(s.handlers.submits.map((x) => x.guildId)).toEqual(guilds.filter((g) => shardOf(g.id, 2) === s.shard).map((g) => g.id));
    }
  });

  it('refuses an Identify with a shard that cannot exist (4010 Invalid shard), as Discord does: login fails', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.stop());
    fake.addGuild();
    const bot = new DiscordBot({ token: 't', apiBaseUrl: fake.apiUrl, handlers: new StubHandlers(), policy, logger: new MemoryLogger(), shards: [2], shardCount: 2, registerCommands: false });
    cleanups.push(() => bot.stop());
    await expect(bot.start()).rejects.toThrow('Invalid shard');
    expect(fake.refusedIdentifies).toEqual([{ code: 4010, reason: 'Invalid shard', shard: [2, 2] }]);
    expect(bot.shardStates()).toEqual({ count: 2, shards: [{ id: 2, status: 'disconnected', pingMs: null }] });
    expect(fake.connectedClients).toBe(0);
  });

  it('refuses a shard that would hold too many guilds (4011 Sharding required)', async () => {
    const fake = await FakeDiscord.start({ maxGuildsPerShard: 1 });
    cleanups.push(() => fake.stop());
    fake.addGuild();
    fake.addGuild();
    const bot = new DiscordBot({ token: 't', apiBaseUrl: fake.apiUrl, handlers: new StubHandlers(), policy, logger: new MemoryLogger(), registerCommands: false });
    cleanups.push(() => bot.stop());
    await expect(bot.start()).rejects.toThrow();
    expect(fake.refusedIdentifies.map((r) => r.code)).toEqual([4011]);
  });

  it('shards "auto" runs the count /gateway/bot recommends, all in one process, and reports each shard ready', async () => {
    const fake = await FakeDiscord.start({ recommendedShards: 2 });
    cleanups.push(() => fake.stop());
    const guilds = [fake.addGuild(), fake.addGuild()];
    const handlers = new StubHandlers();
    handlers.notifier = new DiscordNotifier({ token: 't', apiBaseUrl: fake.apiUrl, logger: new MemoryLogger() });
    const bot = new DiscordBot({ token: 't', apiBaseUrl: fake.apiUrl, handlers, policy, logger: new MemoryLogger(), shards: 'auto', registerCommands: false });
    cleanups.push(() => bot.stop());
    await bot.start();
    expect(bot.shardStates()).toMatchObject({ count: 2, shards: [{ id: 0, status: 'ready' }, { id: 1, status: 'ready' }] });
    expect(fake.connectedClients).toBe(2);
    expect([...bot.client.guilds.cache.keys()].sort()).toEqual(guilds.map((g) => g.id).sort());
    const channels = guilds.map((g) => fake.addChannel(g.id));
    const interactions = channels.map((c) => fake.injectSlashCommand({ channelId: c.id, userId: '9', options: { prompt: `auto ${c.guildId}` } }));
    await fake.waitFor(() => interactions.every((i) => fake.originalOf(i)?.content.includes('Queued')));
    expect(handlers.submits.map((x) => x.guildId).sort()).toEqual(guilds.map((g) => g.id).sort());
  });

  it('a /veo in a DM submits with a null guild', async () => {
    const fake = await FakeDiscord.start();
    cleanups.push(() => fake.stop());
    fake.addGuild();
    const dm = fake.addChannel(null);
    const handlers = new StubHandlers();
    handlers.notifier = new DiscordNotifier({ token: 't', apiBaseUrl: fake.apiUrl, logger: new MemoryLogger() });
    const bot = new DiscordBot({ token: 't', apiBaseUrl: fake.apiUrl, handlers, policy, logger: new MemoryLogger(), registerCommands: false });
    cleanups.push(() => bot.stop());
    await bot.start();
    const interaction = fake.injectSlashCommand({ channelId: dm.id, userId: '9', options: { prompt: 'dm video' } });
    await fake.waitFor(() => fake.originalOf(interaction)?.content.includes('Queued'));
    expect(handlers.submits[0]).toMatchObject({ guildId: null, channelId: dm.id, userId: '9' });
  });
});
