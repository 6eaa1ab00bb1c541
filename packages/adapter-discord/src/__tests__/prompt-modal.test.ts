import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PROMPT_LENGTH } from '@veo-bot/core';
import { aTestImage } from '@veo-bot/core/testing';
import { DRAFT_TTL_MS, InMemoryDraftStore } from '../draft-store.js';
import { FORM_EXPIRED } from '../prompt-modal.js';
import { ManualClock, type FakeInteraction } from '../testing/index.js';
import { startBot, type BotHarness } from './support/bot-harness.js';

type Label = { type: number; label: string; component: { type: number; custom_id: string; style: number; max_length?: number; required?: boolean; value?: string } };

describe('/veo without a prompt: the prompt modal (long prompts)', () => {
  let h: BotHarness;
  let clock: ManualClock;
  let drafts: InMemoryDraftStore;
  const user = '4242';

  beforeEach(async () => {
    clock = new ManualClock();
    drafts = new InMemoryDraftStore({ now: () => clock.now() });
    h = await startBot({ now: () => clock.now(), drafts });
    await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
  });
  afterEach(async () => {
    await h.stop();
  });

  const open = (options: Record<string, string | number | boolean> = {}, extra: Partial<Parameters<BotHarness['fake']['injectSlashCommand']>[0]> = {}) => h.fake.injectSlashCommand({ channelId: h.channel.id, userId: user, options, ...extra });
  const modalOf = (i: FakeInteraction) => h.fake.waitFor(() => h.fake.modalOf(i));
  const answerOf = (i: FakeInteraction) => h.fake.waitFor(() => {
    const m = h.fake.originalOf(i);
    return m && m.content.length > 0 && (m.flags & 128) === 0 ? m : h.fake.followUpsOf(i)[0];
  });

  it('registers prompt as optional, still first and capped at core\'s limit', async () => {
    const veo = (h.fake.world.commands.get(h.guild.id) ?? [])[0] as { options: { name: string; required?: boolean; max_length?: number }[] };
    expect(veo.options[0]).toMatchObject({ name: 'prompt', max_length: MAX_PROMPT_LENGTH });
    expect(veo.options[0]?.required ?? false).toBe(false);
  });

  it('opens a modal (the answer to the command): a required paragraph prompt up to 2,000 characters and an optional negative prompt, pre-filled', async () => {
    const interaction = open({ duration: 6, negative_prompt: 'blur' });
    const modal = await modalOf(interaction);
    expect(interaction.callbackType).toBe(9);
    expect(modal.customId).toMatch(/^veo:prompt:[A-Za-z0-9_-]{16}$/);
    const [prompt, negative] = modal.components as Label[];
    expect(prompt).toMatchObject({ type: 18, component: { type: 4, custom_id: 'prompt', style: 2, max_length: Math.min(MAX_PROMPT_LENGTH, 4000), required: true } });
    expect(negative).toMatchObject({ type: 18, component: { type: 4, custom_id: 'negative_prompt', style: 1, required: false, value: 'blur' } });
    expect(h.handlers.submits).toEqual([]);
    expect(drafts.size).toBe(1);
  });

  it('the submit makes exactly one request with every other option kept, through the same path as /veo (public deferral, queued status)', async () => {
    const bytes = aTestImage('image/png', { width: 512, height: 512, sizeBytes: 3000 });
    const shown = open({ duration: 6, aspect_ratio: '9:16', resolution: '1080p', audio: false, model: 'veo-3.1-fast-generate-001', seed: 7 }, { attachments: { image: { bytes, filename: 'f.png', contentType: 'image/png' } } });
    await modalOf(shown);
    const long = `${'A fox runs through deep snow at dawn. '.repeat(50)}\nThen it stops.`.slice(0, MAX_PROMPT_LENGTH);
    const submit = h.fake.injectModalSubmit({ from: shown, values: { prompt: long, negative_prompt: '' } });
    const status = await h.fake.waitFor(() => (h.fake.originalOf(submit)?.content.includes('Queued') ? h.fake.originalOf(submit) : undefined));
    expect(submit.callbackType).toBe(5);
    expect((status?.flags ?? 0) & 64).toBe(0);
    expect(h.handlers.submits).toHaveLength(1);
    expect(h.handlers.submits[0]).toMatchObject({
      userId: user, guildId: h.guild.id, channelId: h.channel.id,
      options: { prompt: long, durationSeconds: 6, aspectRatio: '9:16', resolution: '1080p', generateAudio: false, model: 'veo-3.1-fast-generate-001', seed: 7, negativePrompt: undefined },
      interaction: { interactionId: submit.id, token: submit.token },
    });
    expect(Buffer.from(h.handlers.submits[0]?.image ?? new Uint8Array()).equals(Buffer.from(bytes))).toBe(true);
    // The draft is used up: the same form cannot make a second request.
    const replay = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'again' } });
    expect((await answerOf(replay))?.content).toBe(FORM_EXPIRED);
    expect(h.handlers.submits).toHaveLength(1);
  });

  it('an expired draft (15 minutes), a forged id, an unknown id or someone else\'s draft: a clear ephemeral answer, nothing submitted', async () => {
    const shown = open({ duration: 4 });
    await modalOf(shown);
    const forged = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'x' }, customId: 'veo:prompt:../../etc' });
    const unknown = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'x' }, customId: 'veo:prompt:AAAAAAAAAAAAAAAA' });
    const other = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'x' }, userId: '9999' });
    for (const i of [forged, unknown, other]) {
      const answer = await answerOf(i);
      expect(answer?.content).toBe(FORM_EXPIRED);
      expect((answer?.flags ?? 0) & 64).toBe(64);
    }
    expect(drafts.size).toBe(1);
    clock.advance(DRAFT_TTL_MS + 1);
    const late = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'a fox' } });
    expect((await answerOf(late))?.content).toBe(FORM_EXPIRED);
    expect(h.handlers.submits).toEqual([]);
    expect(drafts.size).toBe(0);
  });

  it('a blank prompt (spaces and newlines pass Discord\'s required check) is refused clearly, nothing submitted', async () => {
    const shown = open();
    await modalOf(shown);
    const submit = h.fake.injectModalSubmit({ from: shown, values: { prompt: '  \n\t ' } });
    const answer = await answerOf(submit);
    expect(answer?.content).toContain('The prompt must not be empty.');
    expect((answer?.flags ?? 0) & 64).toBe(64);
    expect(h.handlers.submits).toEqual([]);
  });

  it('a first and a last frame, or reference images, are kept with the draft and sent with the typed prompt; a last frame on Lite is refused before any form opens', async () => {
    const first = aTestImage('image/png', { width: 512, height: 512, sizeBytes: 3000 });
    const last = aTestImage('image/jpeg', { width: 512, height: 512, sizeBytes: 2500 });
    const framed = open({ duration: 8 }, { attachments: { image: { bytes: first, filename: 'a.png', contentType: 'image/png' }, last_image: { bytes: last, filename: 'b.jpg', contentType: 'image/jpeg' } } });
    await modalOf(framed);
    h.fake.injectModalSubmit({ from: framed, values: { prompt: 'from dawn to dusk' } });
    await h.fake.waitFor(() => h.handlers.submits[0]);
    expect(Buffer.from(h.handlers.submits[0]?.image ?? []).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(h.handlers.submits[0]?.lastImage ?? []).equals(Buffer.from(last))).toBe(true);

    const refs = [1, 2].map((n) => aTestImage('image/webp', { width: 400 + n, height: 400, sizeBytes: 2000 + n }));
    const referenced = open({ duration: 8 }, { attachments: { reference_1: { bytes: refs[0]!, filename: 'r1.webp', contentType: 'image/webp' }, reference_3: { bytes: refs[1]!, filename: 'r3.webp', contentType: 'image/webp' } } });
    await modalOf(referenced);
    h.fake.injectModalSubmit({ from: referenced, values: { prompt: 'the same cat, at sea' } });
    await h.fake.waitFor(() => h.handlers.submits[1]);
    expect(h.handlers.submits[1]?.referenceImages?.map((b) => Buffer.from(b).toString('hex'))).toEqual(refs.map((b) => Buffer.from(b).toString('hex')));
    expect(h.handlers.submits[1]?.image).toBeUndefined();

    const lite = open({ model: 'veo-3.1-lite-generate-001' }, { attachments: { image: { bytes: first, filename: 'a.png', contentType: 'image/png' }, last_image: { bytes: last, filename: 'b.jpg', contentType: 'image/jpeg' } } });
    const refused = await answerOf(lite);
    expect(lite.callbackType).toBe(4);
    expect(refused?.content).toMatch(/last frame/i);
    expect(h.fake.modalOf(lite)).toBeNull();
    expect(h.handlers.submits).toHaveLength(2);
  });

  it('other options wrong: refused before any form opens (nothing to type in vain)', async () => {
    const interaction = open({ model: 'veo-3.1-lite-generate-001', duration: 5 });
    const answer = await answerOf(interaction);
    expect(interaction.callbackType).toBe(4);
    expect(answer?.content).toContain('Duration must be one of 4, 6, 8 seconds for Veo 3.1 Lite.');
    expect(h.fake.modalOf(interaction)).toBeNull();
    expect(drafts.size).toBe(0);
  });

  it('with the prompt given, /veo works as before: no modal, a public deferral and one submit', async () => {
    const interaction = open({ prompt: 'a fox in snow' });
    await h.fake.waitFor(() => h.fake.originalOf(interaction)?.content.includes('Queued'));
    expect(interaction.callbackType).toBe(5);
    expect(h.fake.modalOf(interaction)).toBeNull();
    expect(h.handlers.submits.map((s) => s.options.prompt)).toEqual(['a fox in snow']);
  });
});
