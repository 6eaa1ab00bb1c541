import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, VEO_MODELS, type ModelCapabilities, type ModelPolicy } from '@veo-bot/core';
import { registerCommands } from '../register-commands.js';
import { AUTOCOMPLETE_SETTINGS_TIMEOUT_MS } from '../veo-autocomplete.js';
import { visibleText, type FakeChannel, type FakeChoice, type FakeInteraction, type FakeMessage } from '../testing/index.js';
import { policy, startBot, type BotHarness } from './support/bot-harness.js';
import { SettingsHandlers } from './support/settings-handlers.js';

const MANAGE_GUILD = 1n << 5n;
const FAST = 'veo-3.1-fast-generate-001';
/** A 720p-only model with other lengths, such as an operator might declare. */
const SHORT: ModelCapabilities = { id: 'veo-short-001', label: 'Short Veo', durations: [5, 6], aspectRatios: ['16:9'], resolutions: ['720p'], audio: false, defaultDuration: 6 };

type Option = { name: string; type: number; autocomplete?: boolean; choices?: { name: string; value: unknown }[] };

describe("/veo's autocomplete: each server sees only what it allows (real discord.js client, FakeDiscord)", () => {
  let h: BotHarness;
  let handlers: SettingsHandlers;
  const start = async (policy?: ModelPolicy) => {
    handlers = new SettingsHandlers(policy);
    h = await startBot({ handlers, ...(policy ? { policy } : {}) });
    await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
  };
  afterEach(async () => {
    await h.stop();
  });

  const answerOf = (interaction: FakeInteraction): Promise<readonly FakeChoice[]> => h.fake.waitFor(() => h.fake.autocompleteAnswerOf(interaction));
  const typing = (name: string, value: string, options: Record<string, string | number | boolean> = {}, channel: FakeChannel = h.channel) =>
    answerOf(h.fake.injectAutocomplete({ channelId: channel.id, userId: '778', focused: { name, value }, options: { prompt: 'a fox', ...options } }));
  const names = async (name: string, value: string, options?: Record<string, string | number | boolean>, channel?: FakeChannel) => (await typing(name, value, options, channel)).map((c) => c.name);
  const settings = async (subcommand: string, options: Record<string, string | number | boolean>) => {
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', commandName: 'veo-settings', subcommand, options, memberPermissions: MANAGE_GUILD });
    await h.fake.waitFor(() => h.fake.originalOf(interaction)?.embeds.length);
  };
  const refusalOf = (options: Record<string, string | number | boolean>): Promise<FakeMessage> => {
    const veo = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '778', options: { prompt: 'a fox', ...options } });
    return h.fake.waitFor(() => h.fake.followUpsOf(veo).find((m) => (m.flags & 64) === 64) ?? (h.fake.originalOf(veo)?.flags === 64 ? h.fake.originalOf(veo) : undefined));
  };

  it('registers model, resolution and duration as autocomplete options without choices (the fake checks the payload against the spec)', async () => {
    await start();
    const veo = h.fake.world.commands.get(h.guild.id)?.[0] as { name: string; options: Option[] };
    expect(veo.name).toBe('veo');
    const byName = new Map(veo.options.map((o) => [o.name, o]));
    for (const [name, type] of [['model', 3], ['resolution', 3], ['duration', 4]] as const) {
      expect(byName.get(name)).toMatchObject({ type, autocomplete: true, description: expect.any(String) });
      expect(byName.get(name)?.choices ?? []).toEqual([]);
    }
    expect(byName.get('aspect_ratio')?.choices?.map((c) => c.value)).toEqual(['16:9', '9:16']);
    expect(byName.get('aspect_ratio')?.autocomplete).toBeUndefined();
    expect(h.fake.refusedRequests()).toEqual([]);
  });

  it('a server that allows only 720p and Veo 3.1 Fast sees only those; typing filters (any case, label or value); a direct message sees everything', async () => {
    await start();
    expect(await names('model', '')).toEqual(['Veo 3.1 (default)', 'Veo 3.1 Fast', 'Veo 3.1 Lite']);
    await settings('resolutions', { allow: '720p' });
    await settings('models', { action: 'add', model: FAST });
    expect(await names('model', '')).toEqual(['Veo 3.1 Fast']);
    expect(await typing('model', '')).toEqual([{ name: 'Veo 3.1 Fast', value: FAST }]);
    expect(await names('resolution', '')).toEqual(['720p']);
    expect(await names('resolution', '1080')).toEqual([]);
    expect(await typing('duration', '')).toEqual([4, 6, 8].map((d) => ({ name: `${d} seconds`, value: d })));
    expect(await names('duration', '6')).toEqual(['6 seconds']);
    expect(await names('model', 'LITE')).toEqual([]);

    await settings('models', { action: 'clear' });
    expect(await names('model', 'FaSt')).toEqual(['Veo 3.1 Fast']);
    expect(await names('model', 'default')).toEqual(['Veo 3.1 (default)']);
    expect(await names('model', 'lite-generate')).toEqual(['Veo 3.1 Lite']);
    expect(await names('model', 'veo 4')).toEqual([]);
    expect(await names('model', '‮😀\u0000"`<@everyone>'.repeat(10))).toEqual([]);

    // Guild commands are not offered in direct messages: register globally, as production does.
    await registerCommands({ applicationId: h.fake.applicationId, policy, rest: h.bot.client.rest });
    const dm = h.fake.addChannel(null);
    const reads = handlers.settingsReads.length;
    expect(await names('resolution', '', {}, dm)).toEqual(['720p', '1080p']);
    expect(await names('model', '', {}, dm)).toEqual(['Veo 3.1 (default)', 'Veo 3.1 Fast', 'Veo 3.1 Lite']);
    expect(handlers.settingsReads.length).toBe(reads);
  });

  it('with a model chosen, durations and resolutions narrow to what that model makes (and to what the server allows)', async () => {
    await start({ models: [...VEO_MODELS, SHORT], defaultModel: DEFAULT_MODEL_ID });
    expect(await names('duration', '')).toEqual(['4 seconds', '5 seconds', '6 seconds', '8 seconds']);
    expect(await names('duration', '', { model: SHORT.id })).toEqual(['5 seconds', '6 seconds']);
    expect(await names('resolution', '', { model: SHORT.id })).toEqual(['720p']);
    expect(await names('duration', '', { model: DEFAULT_MODEL_ID })).toEqual(['4 seconds', '6 seconds', '8 seconds']);
    // A model typed by hand that the bot does not offer narrows nothing (submitting it is refused).
    expect(await names('duration', '', { model: 'veo-9' })).toEqual(['4 seconds', '5 seconds', '6 seconds', '8 seconds']);
    await settings('durations', { allow: '4, 5' });
    expect(await names('duration', '', { model: SHORT.id })).toEqual(['5 seconds']);
    expect(await names('duration', '')).toEqual(['4 seconds', '5 seconds']);
  });

  it('at most 25 choices, even when the operator offers more models', async () => {
    const many: ModelCapabilities[] = Array.from({ length: 30 }, (_, i) => ({ ...SHORT, id: `veo-many-${i}`, label: `Model ${i}` }));
    await start({ models: many, defaultModel: 'veo-many-0' });
    const all = await typing('model', '');
    expect(all).toHaveLength(25);
    expect(all[0]).toEqual({ name: 'Model 0 (default)', value: 'veo-many-0' });
    expect(await names('model', 'model 29')).toEqual(['Model 29']);
  });

  it('settings that cannot be read (unknown, failing, too slow) narrow nothing; the answer still comes once, and the submit path still refuses', async () => {
    await start();
    await settings('resolutions', { allow: '720p' });
    handlers.readSettings = async () => null;
    expect(await names('resolution', '')).toEqual(['720p', '1080p']);
    handlers.readSettings = async () => {
      throw new Error('database on fire');
    };
    expect(await names('resolution', '')).toEqual(['720p', '1080p']);
    expect(h.logger.find('Server settings could not be read for autocomplete; offered values answered')[0]?.fields['error_message']).toBe('database on fire');
    handlers.readSettings = () => new Promise(() => undefined);
    const started = Date.now();
    const slow = h.fake.injectAutocomplete({ channelId: h.channel.id, userId: '778', focused: { name: 'resolution', value: '' } });
    expect((await answerOf(slow)).map((c) => c.name)).toEqual(['720p', '1080p']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(AUTOCOMPLETE_SETTINGS_TIMEOUT_MS - 50);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(h.logger.find('Server settings too slow for autocomplete; offered values answered')).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.path.includes(slow.token))).toHaveLength(1);
    // Shown because the settings were unknown to the autocomplete, refused by the rules all the same.
    expect(visibleText(await refusalOf({ resolution: '1080p' }))).toContain('This server does not allow 1080p videos. Allowed here: 720p.');
  });

  it('an answer Discord refuses (the interaction expired) is logged, and nothing else is sent for it', async () => {
    await start();
    const expired = h.fake.injectAutocomplete({ channelId: h.channel.id, userId: '778', focused: { name: 'model', value: '' } });
    h.fake.expireInteraction(expired.token);
    // Logged after the fake answered, so no request of the fake's marks the moment: poll.
    for (let i = 0; i < 200 && h.logger.find('Autocomplete answer failed').length === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    const logged = h.logger.find('Autocomplete answer failed')[0]!;
    expect(logged.fields).toMatchObject({ interaction_id: expired.id, choice_count: 3 });
    expect(h.fake.requests.filter((r) => r.path.includes(expired.token)).map((r) => [r.method, r.status])).toEqual([['POST', 404]]);
    expect(h.logger.find('Interaction handler failed')).toEqual([]);
  });

  it('a value typed by hand that the server does not allow still gets the existing clear refusal', async () => {
    await start();
    await settings('resolutions', { allow: '720p' });
    await settings('durations', { allow: '4, 8' });
    await settings('models', { action: 'add', model: FAST });
    expect(visibleText(await refusalOf({ model: FAST, resolution: '1080p' }))).toContain('This server does not allow 1080p videos. Allowed here: 720p.');
    expect(visibleText(await refusalOf({ model: FAST, resolution: '720p', duration: 6 }))).toContain('This server does not allow 6-second videos. Allowed here: 4 s, 8 s.');
    expect(visibleText(await refusalOf({ model: DEFAULT_MODEL_ID, resolution: '720p' }))).toContain('This server does not allow Veo 3.1. Allowed here: Veo 3.1 Fast.');
    expect(visibleText(await refusalOf({ model: 'veo-9' }))).toContain('Model "veo-9" is not offered here.');
    expect(visibleText(await refusalOf({ resolution: '4k' }))).toContain('Resolution must be one of 720p, 1080p');
  });
});
