import { describe, expect, it } from 'vitest';
import { MemoryLogger } from '@veo-bot/core/testing';
import { DiscordBot } from '../discord-bot.js';
import { FakeDiscord } from '../testing/index.js';
import { policy, StubHandlers } from './support/bot-harness.js';

describe('a bot without history, stats and budget handlers (backwards compatible)', () => {
  it('registers only /veo (and its message command), and answers a stray /veo-stats instead of letting it time out', async () => {
    const fake = await FakeDiscord.start();
    const guild = fake.addGuild();
    const channel = fake.addChannel(guild.id);
    const stub = new StubHandlers();
    const bot = new DiscordBot({
      token: 'fake-bot-token',
      apiBaseUrl: fake.apiUrl,
      handlers: { submit: (input) => stub.submit(input), retry: (input) => stub.retry(input) },
      policy,
      logger: new MemoryLogger(),
      guildId: guild.id,
    });
    await bot.start();
    try {
      const commands = (await fake.waitFor(() => fake.world.commands.get(guild.id))) as { name: string }[];
      // The message command needs only `submit` (its form goes through /veo's submit path).
      expect(commands.map((c) => c.name)).toEqual(['veo', 'Make a Veo video']);
      const interaction = fake.injectSlashCommand({ channelId: channel.id, userId: '777', commandName: 'veo-stats' });
      const answer = await fake.waitFor(() => fake.originalOf(interaction));
      expect(answer.flags & 64).toBe(64);
      expect(answer.content).toContain('not available');
      expect(stub.statsQueries).toEqual([]);
      const budget = fake.injectSlashCommand({ channelId: channel.id, userId: '777', commandName: 'veo-budget', subcommand: 'show' });
      expect((await fake.waitFor(() => fake.originalOf(budget))).content).toContain('not available');
      expect(stub.budgetQueries).toEqual([]);
    } finally {
      await bot.stop();
      await fake.stop();
    }
  });
});
