import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { visibleText, type FakeInteraction, type FakeMessage } from '../testing/index.js';
import { startBot, type BotHarness } from './support/bot-harness.js';
import { SettingsHandlers } from './support/settings-handlers.js';

const MANAGE_GUILD = 1n << 5n;
const MEMBER = (1n << 10n) | (1n << 11n);

describe('/veo-settings through a real discord.js client and FakeDiscord', () => {
  let h: BotHarness;
  let handlers: SettingsHandlers;
  beforeEach(async () => {
    handlers = new SettingsHandlers();
    h = await startBot({ handlers });
    await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
  });
  afterEach(async () => {
    await h.stop();
  });
  const settings = (subcommand: string, options: Record<string, string | number | boolean> = {}, memberPermissions = MANAGE_GUILD): FakeInteraction =>
    h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', commandName: 'veo-settings', subcommand, options, memberPermissions });
  const answerOf = (interaction: FakeInteraction): Promise<FakeMessage> =>
    h.fake.waitFor(() => {
      const m = h.fake.originalOf(interaction);
      return m && (m.flags & 128) === 0 ? m : undefined;
    });

  it('is registered for managers only, in servers only, and refuses members', async () => {
    const command = h.fake.world.commands.get(h.guild.id)?.find((c) => (c as { name: string }).name === 'veo-settings') as { default_member_permissions?: string; contexts?: number[] } | undefined;
    expect(command).toMatchObject({ default_member_permissions: String(MANAGE_GUILD), contexts: [0] });
    const refused = await answerOf(settings('show', {}, MEMBER));
    expect(refused.flags & 64).toBe(64);
    expect(visibleText(refused)).toContain('Manage Server');
    expect(handlers.store.reads).toBe(0);
  });

  it('a blocked word set here refuses a /veo that holds it, ephemerally and without repeating it', async () => {
    const set = await answerOf(settings('block-word', { action: 'add', word: 'Dragon' }));
    expect(set.flags & 64).toBe(64);
    expect(visibleText(set)).toContain('Blocked words (1)');
    const veo = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '778', options: { prompt: 'a red dragón over a castle' } });
    const answer = await h.fake.waitFor(() => h.fake.followUpsOf(veo).find((m) => (m.flags & 64) === 64));
    expect(visibleText(answer)).toContain('does not allow');
    expect(visibleText(answer).toLowerCase()).not.toContain('dragon');
    expect(h.fake.messagesIn(h.channel.id).filter((m) => m.kind !== 'original' && (m.flags & 64) === 0)).toEqual([]);
  });

  it('channels, resolutions and durations: each change shown back and audited; absurd values change nothing', async () => {
    const other = h.fake.addChannel(h.guild.id, { name: 'videos' });
    await answerOf(settings('channels', { action: 'add', channel: other.id }));
    await answerOf(settings('resolutions', { allow: '720p' }));
    const durations = await answerOf(settings('durations', { allow: '4, 8' }));
    expect(visibleText(durations)).toContain('4 s, 8 s');
    const bad = await answerOf(settings('durations', { allow: '5' }));
    expect(visibleText(bad)).toContain('Nothing was changed');
    const pattern = await answerOf(settings('block-pattern', { action: 'add', pattern: '(a+)+$' }));
    expect(visibleText(pattern)).toContain('could stall the bot');
    const shown = await answerOf(settings('show'));
    expect(visibleText(shown)).toContain(`<#${other.id}>`);
    expect(visibleText(shown)).toContain('720p');
    expect(visibleText(shown)).toContain('Latest changes');
    const stored = await handlers.store.get(h.guild.id);
    expect(stored).toMatchObject({ allowedChannels: [other.id], allowedResolutions: ['720p'], allowedDurations: [4, 8], blockedPatterns: [], updatedBy: '777' });
    expect(await handlers.store.audit(h.guild.id, 10)).toHaveLength(3);
    const elsewhere = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '778', options: { prompt: 'a fox', resolution: '720p', duration: 4 } });
    const answer = await h.fake.waitFor(() => h.fake.followUpsOf(elsewhere).find((m) => (m.flags & 64) === 64));
    expect(visibleText(answer)).toContain(`only in <#${other.id}>`);
  });
  it("people: a server narrows Vertex's personGeneration within the bot's, shown back; more than the bot allows changes nothing", async () => {
    const tooMuch = await answerOf(settings('people', { allow: 'allow_all' }));
    expect(visibleText(tooMuch)).toContain('Nothing was changed');
    expect(visibleText(tooMuch)).toContain('allow_adult');
    expect(await handlers.store.get(h.guild.id)).toBeNull();
    const none = await answerOf(settings('people', { allow: 'dont_allow' }));
    expect(visibleText(none)).toContain('no people or faces');
    expect(await handlers.store.get(h.guild.id)).toMatchObject({ personGeneration: 'dont_allow', updatedBy: '777' });
    const back = await answerOf(settings('people', { allow: 'default' }));
    expect(visibleText(back)).toContain("the bot's setting");
    expect(await handlers.store.get(h.guild.id)).toMatchObject({ personGeneration: null });
  });
});
