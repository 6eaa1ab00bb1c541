import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aTestImage } from '@veo-bot/core/testing';
import { InMemoryDraftStore } from '../draft-store.js';
import { NO_MESSAGE_IMAGE, tooManyImagesText } from '../message-command-handler.js';
import { buildMessageCommand, MESSAGE_COMMAND_NAME } from '../message-command.js';
import { buildCommands } from '../register-commands.js';
import { checkAgainstDiscord } from '../testing/strict-check.js';
import type { FakeAttachmentInit, FakeInteraction } from '../testing/index.js';
import { policy, startBot, type BotHarness } from './support/bot-harness.js';

const png = (n: number): FakeAttachmentInit => ({ bytes: aTestImage('image/png', { width: 512, height: 512, sizeBytes: 2000 + n }), filename: `ref${n}.png`, contentType: 'image/png' });
const putCommands = (body: unknown) => checkAgainstDiscord({ method: 'PUT', path: '/applications/1100000000000000002/guilds/1300000000000000001/commands', query: {}, body }, false);

describe('"Make a Veo video": a message\'s images as reference images (message command)', () => {
  let h: BotHarness;
  let drafts: InMemoryDraftStore;
  const user = '4242';

  beforeEach(async () => {
    drafts = new InMemoryDraftStore();
    h = await startBot({ drafts });
    await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
  });
  afterEach(async () => {
    await h.stop();
  });

  const post = (attachments: FakeAttachmentInit[]) => h.fake.postUserMessage({ channelId: h.channel.id, userId: '777', content: 'look at these', attachments });
  const use = (attachments: FakeAttachmentInit[]) => h.fake.injectMessageCommand({ messageId: post(attachments).id, userId: user });
  const answerOf = (i: FakeInteraction) => h.fake.waitFor(() => {
    const m = h.fake.originalOf(i);
    return m && m.content.length > 0 && (m.flags & 128) === 0 ? m : h.fake.followUpsOf(i)[0];
  });

  it('is registered as a message command (type 3, no description, no options) that Discord\'s description accepts; a description or options would be refused', async () => {
    const registered = (h.fake.world.commands.get(h.guild.id) ?? []) as { name: string; type: number; description?: string; options?: unknown[] }[];
    const command = registered.find((c) => c.name === MESSAGE_COMMAND_NAME);
    expect(command).toMatchObject({ type: 3 });
    expect(command?.description ?? '').toBe('');
    expect(command?.options ?? []).toEqual([]);
    expect(putCommands(buildCommands(policy))).toBeNull();
    expect(putCommands([{ ...buildMessageCommand(), description: 'Make a video' }])?.json.errors).toMatchObject({ 0: { description: {} } });
    expect(putCommands([{ ...buildMessageCommand(), options: [{ type: 3, name: 'x', description: 'x' }] }])?.json.errors).toMatchObject({ 0: { options: {} } });
    expect(putCommands([{ ...buildMessageCommand(), name: 'M'.repeat(33) }])?.json.errors).toMatchObject({ 0: { name: {} } });
  });

  it('two images (and a PDF, ignored) → the prompt modal → its submit makes exactly one request with both, in order, on the default model at 8 s', async () => {
    const first = png(1);
    const second = { ...png(2), bytes: aTestImage('image/webp', { width: 600, height: 400, sizeBytes: 2600 }), filename: 'b.webp', contentType: 'image/webp' };
    const pdf = { bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]), filename: 'notes.pdf', contentType: 'application/pdf' };
    const shown = use([first, pdf, second]);
    const modal = await h.fake.waitFor(() => h.fake.modalOf(shown));
    expect(shown.callbackType).toBe(9);
    expect(modal.customId).toMatch(/^veo:prompt:[A-Za-z0-9_-]{16}$/);
    expect(modal.title).toBe('Your video (Veo 3.1, 8 s)');
    expect(h.handlers.submits).toEqual([]);
    expect(h.fake.attachmentsSent().every((a) => a.downloads === 0)).toBe(true);

    const submit = h.fake.injectModalSubmit({ from: shown, values: { prompt: 'the same robot walks through a market' } });
    const status = await h.fake.waitFor(() => (h.fake.originalOf(submit)?.content.includes('Queued') ? h.fake.originalOf(submit) : undefined));
    expect((status?.flags ?? 0) & 64).toBe(0);
    expect(h.handlers.submits).toHaveLength(1);
    const sent = h.handlers.submits[0];
    expect(sent).toMatchObject({ userId: user, channelId: h.channel.id, options: { prompt: 'the same robot walks through a market', model: 'veo-3.1-generate-001', durationSeconds: 8 } });
    expect(sent?.image).toBeUndefined();
    expect(sent?.lastImage).toBeUndefined();
    expect((sent?.referenceImages ?? []).map((b) => Buffer.from(b))).toEqual([Buffer.from(first.bytes), Buffer.from(second.bytes)]);
    expect(h.fake.attachmentsSent().find((a) => a.init.filename === 'notes.pdf')?.downloads).toBe(0);
    expect(drafts.size).toBe(0);
  });

  it('a message without an image (a text file only, or nothing) is refused ephemerally and no form opens', async () => {
    for (const files of [[{ bytes: new Uint8Array([0x68, 0x69]), filename: 'a.txt', contentType: 'text/plain' }], []]) {
      const interaction = use(files);
      const answer = await answerOf(interaction);
      expect(answer?.content).toBe(NO_MESSAGE_IMAGE);
      expect((answer?.flags ?? 0) & 64).toBe(64);
      expect(h.fake.modalOf(interaction)).toBeNull();
    }
    expect(drafts.size).toBe(0);
    expect(h.handlers.submits).toEqual([]);
  });

  it('four images: "at most 3 reference images", ephemeral, no form, nothing downloaded', async () => {
    const interaction = use([png(1), png(2), png(3), png(4)]);
    const answer = await answerOf(interaction);
    expect(answer?.content).toBe(tooManyImagesText(4, 3));
    expect(answer?.content).toBe('This message has 4 images; Veo takes at most 3 reference images.');
    expect((answer?.flags ?? 0) & 64).toBe(64);
    expect(h.fake.modalOf(interaction)).toBeNull();
    expect(h.fake.attachmentsSent().every((a) => a.downloads === 0)).toBe(true);
    expect(drafts.size).toBe(0);
  });

  it('an image Discord describes as too big is refused before any form opens (the /veo checks, locally)', async () => {
    const interaction = use([png(1), { ...png(2), size: 50 * 1024 * 1024 }]);
    const answer = await answerOf(interaction);
    expect(answer?.content).toMatch(/^Your video request was not accepted:\n• Reference image 2: /);
    expect(h.fake.modalOf(interaction)).toBeNull();
    expect(drafts.size).toBe(0);
  });

  it('the fake refuses what Discord would never send: an unregistered message command, a message that does not exist', async () => {
    const message = post([png(1)]);
    expect(() => h.fake.injectMessageCommand({ messageId: message.id, userId: user, commandName: 'Make a Veo film' })).toThrow(/no message command "Make a Veo film" is registered/);
    expect(() => h.fake.injectMessageCommand({ messageId: '1', userId: user })).toThrow(/no message 1/);
  });
});
