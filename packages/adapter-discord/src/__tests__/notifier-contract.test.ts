import { aRequest, MemoryLogger, notifierContract } from '@veo-bot/core/testing';
import { DiscordNotifier } from '../discord-notifier.js';
import { FakeDiscord, userView } from '../testing/index.js';

notifierContract('DiscordNotifier against FakeDiscord', async () => {
  const fake = await FakeDiscord.start();
  const guild = fake.addGuild();
  const notifier = new DiscordNotifier({ token: 'fake-bot-token', apiBaseUrl: fake.apiUrl, logger: new MemoryLogger() });
  const inChannel = (channelId: string) => aRequest({ guildId: guild.id, channelId, userId: '4242', interaction: null });
  return {
    notifier,
    reachable: async (overrides = {}) => ({ ...inChannel(fake.addChannel(guild.id).id), ...overrides }),
    channelGone: async () => {
      const channel = fake.addChannel(guild.id);
      fake.deleteChannel(channel.id);
      return inChannel(channel.id);
    },
    noPermission: async () => inChannel(fake.addChannel(guild.id, { canSend: false }).id),
    messagesFor: async (request) => fake.messagesIn(request.channelId).filter((m) => m.kind !== 'original').map((m) => userView(m, request.userId)),
    cleanup: () => fake.stop(),
  };
});
