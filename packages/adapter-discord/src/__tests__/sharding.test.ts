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
