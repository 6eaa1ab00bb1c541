import { afterEach, describe, expect, it } from 'vitest';
import { aTestImage } from '@veo-bot/core/testing';
import { startBot, type BotHarness } from './support/bot-harness.js';

const png = (fill: number) => aTestImage('image/png', { width: 1280, height: 720, sizeBytes: 40_000, fill });
const file = (fill: number) => ({ bytes: png(fill), filename: `f${fill}.png`, contentType: 'image/png' });
const ephemeralAnswer = (h: BotHarness, interaction: ReturnType<BotHarness['fake']['injectSlashCommand']>) =>
  h.fake.waitFor(() => {
    const direct = h.fake.originalOf(interaction);
    if (direct && !direct.deleted && (direct.flags & 64) === 64 && direct.content.length > 0) return direct;
    return h.fake.followUpsOf(interaction).find((m) => (m.flags & 64) === 64);
  });

describe('/veo last frame and reference images through discord.js and FakeDiscord', () => {
  let h: BotHarness;
  afterEach(async () => {
    await h.stop();
  });

  it('registers image, last_image and reference_1..3 as attachment options', async () => {
    h = await startBot();
    const commands = await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
    const veo = commands[0] as { options: { name: string; type: number }[] };
    expect(veo.options.filter((o) => o.type === 11).map((o) => o.name)).toEqual(['image', 'last_image', 'reference_1', 'reference_2', 'reference_3']);
  });

  it('image + last_image: each is downloaded once and submitted byte for byte in their roles', async () => {
    h = await startBot();
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'sunrise', duration: 6 }, attachments: { image: file(1), last_image: file(2) } });
    await h.fake.waitFor(() => h.fake.originalOf(interaction)?.content.includes('Queued'));
    expect(h.handlers.submits[0]).toMatchObject({ image: png(1), lastImage: png(2) });
    expect(h.handlers.submits[0]?.referenceImages).toBeUndefined();
    expect(h.fake.attachmentsSent().map((a) => a.downloads)).toEqual([1, 1]);
  });

  it('reference_1 and reference_3 are submitted as reference images in their order, with no frame', async () => {
    h = await startBot();
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'my dog surfing' }, attachments: { reference_1: file(3), reference_3: file(5) } });
    await h.fake.waitFor(() => h.fake.originalOf(interaction)?.content.includes('Queued'));
    expect(h.handlers.submits[0]?.referenceImages).toEqual([png(3), png(5)]);
    expect(h.handlers.submits[0]?.image).toBeUndefined();
  });

  it.each([
    ['last_image without image', { prompt: 'x' }, { last_image: file(2) }, 'A last frame needs a first frame: add `image` too'],
    ['references with a first frame', { prompt: 'x' }, { image: file(1), reference_1: file(3) }, 'Reference images cannot be combined with `image` or `last_image`'],
    ['references on Veo 3.1 Lite', { prompt: 'x', model: 'veo-3.1-lite-generate-001' }, { reference_1: file(3) }, 'Veo 3.1 Lite takes a first frame; it takes no reference images.'],
    ['a last frame on Veo 3.1 Lite', { prompt: 'x', model: 'veo-3.1-lite-generate-001' }, { image: file(1), last_image: file(2) }, 'it takes no last frame'],
    ['references at 4 s', { prompt: 'x', duration: 4 }, { reference_2: file(3) }, 'With reference images, Veo 3.1 makes videos of 8 seconds only.'],
    ['a reference that is not an image', { prompt: 'x' }, { reference_1: { bytes: new TextEncoder().encode('hello'), filename: 'notes.txt', contentType: 'text/plain' } }, 'Reference image 1: The image must be PNG, JPEG, WEBP; "notes.txt" (text/plain) is not accepted.'],
  ])('%s: a clear ephemeral answer, nothing downloaded or submitted', async (_what, options, attachments, expected) => {
    h = await startBot();
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options, attachments });
    const answer = await ephemeralAnswer(h, interaction);
    expect(interaction.callbackType).toBe(4);
    expect(answer.content).toContain(expected);
    expect(h.fake.attachmentsSent().every((a) => a.downloads === 0)).toBe(true);
    expect(h.handlers.submits).toEqual([]);
  });

  it('a last frame bigger than Discord said is cut off while streaming and refused naming it; the first frame was fetched, nothing submitted', async () => {
    h = await startBot();
    const big = { bytes: aTestImage('image/png', { sizeBytes: 12 * 1024 * 1024 }), size: 1000 };
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'liar' }, attachments: { image: file(1), last_image: big } });
    const answer = await ephemeralAnswer(h, interaction);
    expect(answer.content).toMatch(/The last frame: The image is (12\.0 MiB|too big)/);
    expect(h.handlers.submits).toEqual([]);
  });
});
