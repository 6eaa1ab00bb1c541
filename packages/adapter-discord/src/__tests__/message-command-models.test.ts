import { afterEach, describe, expect, it } from 'vitest';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { defaultGuildSettings, findModel, type GuildSettings, type ModelCapabilities, type ModelPolicy } from '@veo-bot/core';
import { aTestImage, MemoryLogger } from '@veo-bot/core/testing';
import { COMMAND_NOT_AVAILABLE } from '../interaction-replies.js';
import { routeVeoInteraction } from '../interaction-router.js';
import { MESSAGE_COMMAND_NEEDS_FORMS } from '../message-command-handler.js';
import { registerCommands } from '../register-commands.js';
import { FakeDiscord, type FakeAttachmentInit, type FakeInteraction } from '../testing/index.js';
import { policy as allModels, startBot, StubHandlers, type BotHarness } from './support/bot-harness.js';

const model = (id: string): ModelCapabilities => {
  const found = findModel(id);
  if (!found) throw new Error(`no model ${id}`);
  return found;
};
const LITE = 'veo-3.1-lite-generate-001';
const VEO31 = 'veo-3.1-generate-001';
const FAST = 'veo-3.1-fast-generate-001';
const images: FakeAttachmentInit[] = [1, 2].map((n) => ({ bytes: aTestImage('image/png', { width: 512, height: 512, sizeBytes: 2000 + n }), filename: `r${n}.png`, contentType: 'image/png' }));

/** Stub handlers that also answer the server's settings, as core's cache would. */
class WithSettings extends StubHandlers {
  constructor(private readonly settings: Partial<GuildSettings>) {
    super();
  }

  async guildSettings(guildId: string): Promise<GuildSettings | null> {
    return { ...defaultGuildSettings(guildId), ...this.settings };
  }
}

describe('"Make a Veo video": which model, and where it is not answered', () => {
  let h: BotHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  const start = async (policy: ModelPolicy, handlers?: StubHandlers): Promise<BotHarness> => {
    h = await startBot({ policy, ...(handlers ? { handlers } : {}) });
    await h.fake.waitFor(() => h?.fake.world.commands.get(h.guild.id));
    return h;
  };
  const use = (b: BotHarness): FakeInteraction => b.fake.injectMessageCommand({ messageId: b.fake.postUserMessage({ channelId: b.channel.id, userId: '777', attachments: images }).id, userId: '4242' });
  const submitted = async (b: BotHarness, shown: FakeInteraction) => {
    await b.fake.waitFor(() => b.fake.modalOf(shown));
    b.fake.injectModalSubmit({ from: shown, values: { prompt: 'a robot in a market' } });
    return b.fake.waitFor(() => b.handlers.submits[0]);
  };
  const answerOf = (b: BotHarness, i: FakeInteraction) => b.fake.waitFor(() => b.fake.originalOf(i));

  it('a default model without references (Veo 3.1 Lite) → the first offered one that takes them (Veo 3.1), at 8 s', async () => {
    const b = await start({ models: [model(LITE), model(VEO31), model(FAST)], defaultModel: LITE });
    const sent = await submitted(b, use(b));
    expect(sent.options).toMatchObject({ model: VEO31, durationSeconds: 8 });
    expect(sent.referenceImages).toHaveLength(2);
  });

  it('a default model that takes references is used even when another one is offered first', async () => {
    const b = await start({ models: [model(VEO31), model(FAST)], defaultModel: FAST });
    expect((await submitted(b, use(b))).options).toMatchObject({ model: FAST, durationSeconds: 8 });
  });

  it('no offered model takes references: refused, naming why; no form', async () => {
    const b = await start({ models: [model(LITE)], defaultModel: LITE });
    const interaction = use(b);
    const answer = await answerOf(b, interaction);
    expect(answer.content).toBe('No model offered here makes videos from reference images (offered: Veo 3.1 Lite), so this message\'s images cannot be used.');
    expect(answer.flags & 64).toBe(64);
    expect(b.fake.modalOf(interaction)).toBeNull();
  });

  it('the server\'s settings narrow the choice: only Veo 3.1 Fast allowed there → Fast; only Lite allowed → refused', async () => {
    const b = await start(allModels, new WithSettings({ allowedModels: [FAST, LITE] }));
    expect((await submitted(b, use(b))).options).toMatchObject({ model: FAST, durationSeconds: 8 });
    await b.stop();
    const c = await start(allModels, new WithSettings({ allowedModels: [LITE] }));
    expect((await answerOf(c, use(c))).content).toContain('(offered: Veo 3.1 Lite)');
    expect(c.handlers.submits).toEqual([]);
  });

  it('a message command registered elsewhere but not this bot\'s gets "not available"', async () => {
    const b = await start(allModels);
    const registered = b.fake.world.commands.get(b.guild.id) ?? [];
    b.fake.world.commands.set(b.guild.id, [...registered, { id: b.fake.world.snowflake(), name: 'Translate', type: 3 }]);
    const message = b.fake.postUserMessage({ channelId: b.channel.id, userId: '777', attachments: images });
    const answer = await answerOf(b, b.fake.injectMessageCommand({ messageId: message.id, userId: '4242', commandName: 'Translate' }));
    expect(answer.content).toBe(COMMAND_NOT_AVAILABLE);
    expect(answer.flags & 64).toBe(64);
  });

  it('a host bot routing without a draft store answers that the command needs form support, no form', async () => {
    const fake = await FakeDiscord.start();
    const guild = fake.addGuild();
    const channel = fake.addChannel(guild.id);
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const stub = new StubHandlers();
    client.on(Events.InteractionCreate, (i) => void routeVeoInteraction(i, { handlers: stub, policy: allModels, logger: new MemoryLogger() }));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login('fake-bot-token');
    await ready;
    try {
      await registerCommands({ applicationId: fake.applicationId, policy: allModels, guildId: guild.id, rest: client.rest });
      const message = fake.postUserMessage({ channelId: channel.id, userId: '777', attachments: images });
      const interaction = fake.injectMessageCommand({ messageId: message.id, userId: '4242' });
      const answer = await fake.waitFor(() => fake.originalOf(interaction));
      expect(answer.content).toBe(MESSAGE_COMMAND_NEEDS_FORMS);
      expect(fake.modalOf(interaction)).toBeNull();
      expect(fake.refusedRequests()).toEqual([]);
    } finally {
      await client.destroy();
      await fake.stop();
    }
  });
});
