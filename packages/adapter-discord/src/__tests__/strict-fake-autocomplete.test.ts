import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, Events, GatewayIntentBits, REST, Routes, type AutocompleteInteraction } from 'discord.js';
import { buildVeoCommand } from '../veo-command.js';
import { FakeDiscord, type FakeChannel, type FakeInteraction } from '../testing/index.js';
import { policy } from './support/bot-harness.js';

type Answer = { status: number; json: { code?: number; errors?: Record<string, unknown> } | null };

/** Autocomplete in the strict fake: sent as Discord sends it, answered only as Discord takes an answer. */
describe('strict FakeDiscord: autocomplete', () => {
  let fake: FakeDiscord;
  let channel: FakeChannel;
  let client: Client;
  const received: AutocompleteInteraction[] = [];

  beforeEach(async () => {
    fake = await FakeDiscord.start();
    const guild = fake.addGuild();
    channel = fake.addChannel(guild.id);
    const rest = new REST({ api: fake.apiUrl }).setToken('fake-bot-token');
    await rest.put(Routes.applicationGuildCommands(fake.applicationId, guild.id), { body: [buildVeoCommand(policy, { autocomplete: true })] });
    // A client that hears autocomplete interactions and leaves the answering to each test.
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    received.length = 0;
    client.on(Events.InteractionCreate, (i) => void (i.isAutocomplete() && received.push(i)));
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login('fake-bot-token');
    await ready;
  });
  afterEach(async () => {
    await client.destroy();
    await fake.stop();
  });

  const leaf = (errors: unknown, ...path: string[]) => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as { _errors?: { code: string; message: string }[] } | undefined;
  const typing = async (name: string, value: string, options: Record<string, string | number | boolean> = {}) => {
    const interaction = fake.injectAutocomplete({ channelId: channel.id, userId: '4242', focused: { name, value }, options });
    // The gateway dispatch is no REST request, so fake.waitFor would not look again: poll.
    for (let i = 0; i < 200 && !received.some((r) => r.id === interaction.id); i += 1) await new Promise((r) => setTimeout(r, 10));
    const heard = received.find((r) => r.id === interaction.id);
    if (!heard) throw new Error('the client never heard the autocomplete');
    return { interaction, heard };
  };
  const answer = async (interaction: FakeInteraction, body: unknown): Promise<Answer> => {
    const response = await fetch(`${fake.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json().catch(() => null)) as Answer['json'] };
  };
  const choices = (list: unknown[]) => ({ type: 8, data: { choices: list } });

  it("sends Discord's shape: the focused option as typed text (a string even for an integer option), the filled ones typed", async () => {
    const { interaction, heard } = await typing('duration', '8', { prompt: 'a fox', model: 'veo-3.1-generate-001' });
    expect(interaction.type).toBe(4);
    expect(heard.commandName).toBe('veo');
    expect(heard.options.getFocused(true)).toMatchObject({ name: 'duration', type: 4, value: '8', focused: true });
    expect(heard.options.get('model')?.value).toBe('veo-3.1-generate-001');
    expect(heard.options.data.filter((o) => o.focused)).toHaveLength(1);
    expect(() => fake.injectAutocomplete({ channelId: channel.id, userId: '4242', focused: { name: 'aspect_ratio', value: '' } })).toThrow(/no autocomplete option aspect_ratio/);
  });

  it('records an answer Discord takes (204), and refuses a second one with 40060', async () => {
    const { interaction, heard } = await typing('duration', '');
    await heard.respond([{ name: '8 seconds', value: 8 }]);
    expect(fake.autocompleteAnswerOf(interaction)).toEqual([{ name: '8 seconds', value: 8 }]);
    expect(interaction.callbackType).toBe(8);
    const second = await answer(interaction, choices([{ name: '4 seconds', value: 4 }]));
    expect([second.status, second.json?.code]).toEqual([400, 40060]);
    expect(fake.refusedRequests()).toEqual([]);
  });

  it('more than 25 choices, or a name over 100 characters: 50035 from the OpenAPI description', async () => {
    const { interaction } = await typing('model', '');
    const many = await answer(interaction, choices(Array.from({ length: 26 }, (_, i) => ({ name: `m${i}`, value: `m${i}` }))));
    expect([many.status, many.json?.code]).toEqual([400, 50035]);
    expect(leaf(many.json?.errors, 'data', 'choices')?._errors).toEqual([{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }]);
    const long = await answer(interaction, choices([{ name: 'n'.repeat(101), value: 'veo-3.1-generate-001' }]));
    expect(long.json?.errors).toEqual({ data: { choices: { '0': { name: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }] } } } } });
    const empty = await answer(interaction, choices([{ name: '', value: 'x' }]));
    expect(leaf(empty.json?.errors, 'data', 'choices', '0', 'name')?._errors?.[0]?.code).toBe('BASE_TYPE_MIN_LENGTH');
    expect(interaction.callbackType).toBeNull();
  });

  it("a choice value not of the focused option's type is refused (the description's branch for that type), as is a string value over 100", async () => {
    const duration = (await typing('duration', '')).interaction;
    const text = await answer(duration, choices([{ name: '8 seconds', value: '8' }]));
    expect(text.json?.errors).toEqual({ data: { choices: { '0': { value: { _errors: [{ code: 'NUMBER_TYPE_COERCE', message: 'Value "8" is not int.' }] } } } } });
    const fraction = await answer(duration, choices([{ name: '8.5 seconds', value: 8.5 }]));
    expect(leaf(fraction.json?.errors, 'data', 'choices', '0', 'value')?._errors?.[0]?.code).toBe('NUMBER_TYPE_COERCE');
    const model = (await typing('model', '')).interaction;
    const number = await answer(model, choices([{ name: 'Veo', value: 3 }]));
    expect(number.json?.errors).toEqual({ data: { choices: { '0': { value: { _errors: [{ code: 'STRING_TYPE_CONVERT', message: 'Could not interpret "3" as string.' }] } } } } });
    const long = await answer(model, choices([{ name: 'Veo', value: 'v'.repeat(101) }]));
    expect(leaf(long.json?.errors, 'data', 'choices', '0', 'value')?._errors?.[0]).toEqual({ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    expect((await answer(model, choices([{ name: 'Veo 3.1', value: 'veo-3.1-generate-001' }]))).status).toBe(204);
  });

  it('an autocomplete takes only an autocomplete result, and only an autocomplete takes one', async () => {
    const { interaction } = await typing('resolution', '7');
    const message = await answer(interaction, { type: 4, data: { content: 'hello' } });
    expect([message.status, message.json?.code]).toEqual([400, 50035]);
    expect(leaf(message.json?.errors, 'type')?._errors?.[0]?.code).toBe('BASE_TYPE_CHOICES');
    expect(fake.messagesIn(channel.id)).toEqual([]);
    const command = fake.injectSlashCommand({ channelId: channel.id, userId: '4242', options: { prompt: 'a fox' } });
    const wrong = await answer(command, choices([]));
    expect([wrong.status, wrong.json?.code]).toEqual([400, 50035]);
    expect(leaf(wrong.json?.errors, 'type')?._errors?.[0]?.code).toBe('INTERACTION_CALLBACK_TYPE_INVALID');
  });

  it('a command option with autocomplete and choices at once is refused at registration', async () => {
    const body = [{ name: 'veo', description: 'd', options: [{ type: 4, name: 'duration', description: 'Length', autocomplete: true, choices: [{ name: '8 seconds', value: 8 }] }] }];
    const response = await fetch(`${fake.apiUrl}/v10/applications/${fake.applicationId}/commands`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bot fake-bot-token' }, body: JSON.stringify(body) });
    const json = (await response.json()) as { code?: number; errors?: unknown };
    expect([response.status, json.code]).toEqual([400, 50035]);
    expect(leaf(json.errors, '0', 'options', '0', 'choices')?._errors?.[0]?.code).toBe('APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES');
  });
});
