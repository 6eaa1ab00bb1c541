import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REST, Routes } from 'discord.js';
import { FakeDiscord, ManualClock, type FakeChannel } from '../testing/index.js';
import { startBot } from './support/bot-harness.js';

/** The strict fake refuses what Discord refuses, in Discord's words; and accepts what discord.js really sends. */
describe('strict FakeDiscord', () => {
  let fake: FakeDiscord;
  let channel: FakeChannel;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    fake = await FakeDiscord.start({ now: () => clock.now() });
    channel = fake.addChannel(fake.addGuild().id);
  });
  afterEach(async () => {
    await fake.stop();
  });

  const send = async (method: string, path: string, body: unknown, init: { multipart?: boolean; raw?: string } = {}) => {
    const headers: Record<string, string> = { authorization: 'Bot fake-bot-token' };
    let payload: string | FormData | undefined;
    if (init.multipart) {
      const form = new FormData();
      form.append('payload_json', JSON.stringify(body));
      form.append('files[0]', new Blob([new Uint8Array([1, 2, 3])]), 'a.bin');
      payload = form;
    } else if (body !== undefined || init.raw !== undefined) {
      headers['content-type'] = 'application/json';
      payload = init.raw ?? JSON.stringify(body);
    }
    const response = await fetch(`${fake.apiUrl}/v10${path}`, { method, headers, ...(payload ? { body: payload } : {}) });
    return { status: response.status, json: (await response.json().catch(() => null)) as { code?: number; message?: string; errors?: Record<string, unknown> } | null };
  };
  const post = (body: unknown, init?: { multipart?: boolean }) => send('POST', `/channels/${channel.id}/messages`, body, init);
  const leaf = (errors: unknown, ...path: string[]) => path.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], errors) as { _errors?: { code: string; message: string }[] } | undefined;
  const button = (customId: string) => ({ type: 2, style: 1, label: 'B', custom_id: customId });

  it('content over 2,000 → 400 / 50035 Invalid Form Body, errors.content BASE_TYPE_MAX_LENGTH', async () => {
    const { status, json } = await post({ content: 'x'.repeat(2001) });
    expect(status).toBe(400);
    expect(json).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    expect(leaf(json?.errors, 'content')?._errors).toEqual([{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }]);
    expect(fake.messagesIn(channel.id)).toEqual([]);
  });

  it('embed description over 4,096 (from the OpenAPI description) names embeds.0.description', async () => {
    const { json } = await post({ embeds: [{ description: 'd'.repeat(4097) }] });
    expect(leaf(json?.errors, 'embeds', '0', 'description')?._errors?.[0]).toEqual({ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 4096 or fewer in length.' });
  });

  it('embeds over 6,000 characters in total → MAX_EMBED_SIZE_EXCEEDED', async () => {
    const { json } = await post({ embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] });
    expect(leaf(json?.errors, 'embeds')?._errors?.[0]?.code).toBe('MAX_EMBED_SIZE_EXCEEDED');
  });

  it('more than 25 embed fields', async () => {
    const fields = Array.from({ length: 26 }, (_, i) => ({ name: `f${i}`, value: 'v' }));
    const { json } = await post({ embeds: [{ fields }] });
    expect(leaf(json?.errors, 'embeds', '0', 'fields')?._errors?.[0]?.code).toBe('BASE_TYPE_MAX_LENGTH');
  });

  it('a field without its required value → BASE_TYPE_REQUIRED', async () => {
    const { json } = await post({ embeds: [{ fields: [{ name: 'only a name' }] }] });
    expect(leaf(json?.errors, 'embeds', '0', 'fields', '0', 'value')?._errors).toEqual([{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
  });

  it('more than 5 action rows', async () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [button(`b${i}`)] }));
    const { json } = await post({ content: 'x', components: rows });
    expect(leaf(json?.errors, 'components')?._errors?.[0]).toEqual({ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  });

  it('custom_id over 100 characters', async () => {
    const { json } = await post({ content: 'x', components: [{ type: 1, components: [button('c'.repeat(101))] }] });
    expect(leaf(json?.errors, 'components', '0', 'components', '0', 'custom_id')?._errors?.[0]?.code).toBe('BASE_TYPE_MAX_LENGTH');
  });

  it('an unknown component type → UNION_TYPE_CHOICES at the component', async () => {
    const { json } = await post({ content: 'x', components: [{ type: 99 }] });
    expect(leaf(json?.errors, 'components', '0')?._errors?.[0]?.code).toBe('UNION_TYPE_CHOICES');
  });

  it('a number where the spec wants a string: attachments[].id in a multipart payload_json', async () => {
    const { status, json } = await post({ content: 'file', attachments: [{ id: 0, filename: 'a.bin' }] }, { multipart: true });
    expect(status).toBe(400);
    expect(leaf(json?.errors, 'attachments', '0', 'id')?._errors?.[0]?.code).toBe('STRING_TYPE_CONVERT');
    expect((await post({ content: 'file', attachments: [{ id: '0', filename: 'a.bin' }] }, { multipart: true })).status).toBe(200);
  });

  it('a path parameter that is not a snowflake', async () => {
    const { status, json } = await send('POST', '/channels/not-a-channel/messages', { content: 'x' });
    expect(status).toBe(400);
    expect(leaf(json?.errors, 'channel_id')?._errors?.[0]).toEqual({ code: 'NUMBER_TYPE_COERCE', message: 'Value "not-a-channel" is not snowflake.' });
  });

  it('a query parameter out of range (limit 500)', async () => {
    const { json } = await send('GET', `/channels/${channel.id}/messages?limit=500`, undefined);
    expect(leaf(json?.errors, 'limit')?._errors?.[0]?.code).toBe('NUMBER_TYPE_MAX');
  });

  it('a body that is not JSON → 50109', async () => {
    const { status, json } = await send('POST', `/channels/${channel.id}/messages`, undefined, { raw: '{"content": "x"' });
    expect([status, json?.code]).toEqual([400, 50109]);
  });

  it('a command name that is not lower case, and a required option after an optional one', async () => {
    const body = [{ name: 'Veo', description: 'd', options: [{ type: 3, name: 'style', description: 's' }, { type: 3, name: 'prompt', description: 'p', required: true }] }];
    const { json } = await send('PUT', `/applications/${fake.applicationId}/commands`, body);
    expect(leaf(json?.errors, '0', 'name')?._errors?.[0]?.code).toBe('APPLICATION_COMMAND_INVALID_NAME');
    expect(leaf(json?.errors, '0', 'options')?._errors?.[0]?.code).toBe('APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID');
  });

  it('an option name with a space is invalid too', async () => {
    const { json } = await send('PUT', `/applications/${fake.applicationId}/commands`, [{ name: 'veo', description: 'd', options: [{ type: 3, name: 'my prompt', description: 'p' }] }]);
    expect(leaf(json?.errors, '0', 'options', '0', 'name')?._errors?.[0]?.code).toBe('APPLICATION_COMMAND_INVALID_NAME');
  });

  it('an interaction not acknowledged within 3 seconds → 10062 Unknown interaction (404)', async () => {
    const seeded = fake.seedDeferredInteraction({ channelId: channel.id, userId: '4242' });
    seeded.callbackType = null;
    clock.advance(3_001);
    const { status, json } = await send('POST', `/interactions/${seeded.id}/${seeded.token}/callback`, { type: 5 });
    expect([status, json?.code]).toEqual([404, 10062]);
  });

  it('an interaction token older than 15 minutes → 401 / 50027 on webhooks; fine just before', async () => {
    const seeded = fake.seedDeferredInteraction({ channelId: channel.id, userId: '4242' });
    clock.advance(15 * 60_000 - 1);
    expect((await send('PATCH', `/webhooks/${fake.applicationId}/${seeded.token}/messages/@original`, { content: 'still here' })).status).toBe(200);
    clock.advance(2);
    const { status, json } = await send('POST', `/webhooks/${fake.applicationId}/${seeded.token}?wait=true`, { content: 'too late' });
    expect([status, json?.code, json?.message]).toEqual([401, 50027, 'Invalid Webhook Token']);
  });

  it('enforce_nonce: the same nonce within a few minutes returns the first message; after the window it posts again', async () => {
    const first = await post({ content: 'once', nonce: 'n-1', enforce_nonce: true });
    const again = await post({ content: 'once', nonce: 'n-1', enforce_nonce: true });
    expect((again.json as { id?: string }).id).toBe((first.json as { id?: string }).id);
    expect(fake.messagesIn(channel.id)).toHaveLength(1);
    clock.advance(6 * 60_000);
    await post({ content: 'once', nonce: 'n-1', enforce_nonce: true });
    expect(fake.messagesIn(channel.id)).toHaveLength(2);
  });

  it('accepts what discord.js really sends: embeds, buttons and a file through REST, and a whole /veo flow', async () => {
    const rest = new REST({ api: fake.apiUrl }).setToken('fake-bot-token');
    await rest.post(Routes.channelMessages(channel.id), {
      body: { content: 'hi', embeds: [{ title: 't', description: 'd', fields: [{ name: 'n', value: 'v', inline: true }], footer: { text: 'f' } }], components: [{ type: 1, components: [button('veo:retry:x')] }], attachments: [{ id: '0', filename: 'a.bin' }] },
      files: [{ name: 'a.bin', data: Buffer.from([1, 2, 3]) }],
    });
    expect(fake.refusedRequests()).toEqual([]);
    const h = await startBot();
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'a fox in the snow', duration: 8 } });
    await h.fake.waitFor(() => h.fake.originalOf(interaction)?.content.includes('Queued'));
    expect(h.fake.requests.length).toBeGreaterThan(3);
    expect(h.fake.refusedRequests()).toEqual([]);
    await h.stop();
  });
});
