import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { promptModal } from '../prompt-modal.js';
import { FakeDiscord, type FakeChannel } from '../testing/index.js';

/** Modals in the strict fake: what Discord refuses is refused, and discord.js parses the submits it builds. */
describe('strict FakeDiscord: modals', () => {
  let fake: FakeDiscord;
  let channel: FakeChannel;
  let client: Client;
  const seen: Interaction[] = [];

  beforeEach(async () => {
    fake = await FakeDiscord.start();
    const guild = fake.addGuild();
    channel = fake.addChannel(guild.id);
    // A bare discord.js client parses what arrives and answers nothing: the tests answer through REST.
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    client.on(Events.InteractionCreate, (i) => void seen.push(i));
    const ready = new Promise((resolve) => client.once(Events.ClientReady, resolve));
    await client.login('fake-bot-token');
    await ready;
  });
  afterEach(async () => {
    seen.length = 0;
    await client.destroy();
    await fake.stop();
  });

  const callback = async (i: { id: string; token: string }, body: unknown) => {
    const response = await fetch(`${fake.apiUrl}/v10/interactions/${i.id}/${i.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, json: (await response.json().catch(() => null)) as { code?: number; errors?: unknown } | null };
  };
  const modal = (customId: string) => ({ type: 9, data: promptModal({ customId, title: 'Your video', promptLabel: 'Prompt', promptDescription: 'What the video should show' }) });
  const command = () => fake.injectSlashCommand({ channelId: channel.id, userId: '77', options: {} });

  it('a modal answering a command is checked against the OpenAPI description: a custom_id over 100 characters is refused (50035), a valid one accepted', async () => {
    const first = command();
    // discord.js' builder refuses it too; a hand-made body is what the fake must catch.
    const body = modal('veo:prompt:AAAAAAAAAAAAAAAA');
    const tooLong = await callback(first, { ...body, data: { ...body.data, custom_id: `veo:prompt:${'x'.repeat(90)}` } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.json).toMatchObject({ code: 50035, errors: { data: { custom_id: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
    expect(first.modal).toBeNull();
    const ok = await callback(first, modal('veo:prompt:AAAAAAAAAAAAAAAA'));
    expect(ok.status).toBe(204);
    expect(first.modal?.customId).toBe('veo:prompt:AAAAAAAAAAAAAAAA');
    // Exactly one answer per interaction: a second callback is 40060.
    expect((await callback(first, { type: 4, data: { content: 'late' } })).json?.code).toBe(40060);
  });

  it('a text input whose max_length is over Discord\'s 4,000 is refused', async () => {
    const i = command();
    const body = modal('veo:prompt:AAAAAAAAAAAAAAAA');
    const label = body.data.components[0] as { component: { max_length: number } };
    label.component.max_length = 4001;
    expect((await callback(i, body)).json?.code).toBe(50035);
  });

  it('the submit is parsed by discord.js as a ModalSubmitInteraction with its fields; a modal cannot answer a modal submit', async () => {
    const first = command();
    await callback(first, modal('veo:prompt:AAAAAAAAAAAAAAAA'));
    const submit = fake.injectModalSubmit({ from: first, values: { prompt: 'a fox\non two lines' } });
    const parsed = await vi.waitFor(() => seen.find((i) => i.id === submit.id) ?? Promise.reject(new Error('not yet')));
    expect(parsed.isModalSubmit()).toBe(true);
    if (!parsed.isModalSubmit()) return;
    expect(parsed.customId).toBe('veo:prompt:AAAAAAAAAAAAAAAA');
    expect(parsed.fields.getTextInputValue('prompt')).toBe('a fox\non two lines');
    expect(parsed.fields.getTextInputValue('negative_prompt')).toBe('');
    const refused = await callback(submit, modal('veo:prompt:BBBBBBBBBBBBBBBB'));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: 50035, errors: { type: { _errors: [{ code: 'INTERACTION_CALLBACK_TYPE_INVALID' }] } } });
    expect((await callback(submit, { type: 4, data: { content: 'ok', flags: 64 } })).status).toBe(204);
  });

  it('the user cannot submit what Discord\'s client would not send: over max_length, an empty required input, an input the modal lacks, a form never shown', async () => {
    const first = command();
    await callback(first, modal('veo:prompt:AAAAAAAAAAAAAAAA'));
    expect(() => fake.injectModalSubmit({ from: first, values: { prompt: 'x'.repeat(2001) } })).toThrow(/at most 2000/);
    expect(() => fake.injectModalSubmit({ from: first, values: { prompt: '' } })).toThrow(/required/);
    expect(() => fake.injectModalSubmit({ from: first, values: { prompt: 'x', seed: '1' } })).toThrow(/no text input seed/);
    expect(() => fake.injectModalSubmit({ from: command(), values: { prompt: 'x' } })).toThrow(/not answered with a modal/);
  });
});
