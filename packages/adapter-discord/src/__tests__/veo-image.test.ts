import { afterEach, describe, expect, it } from 'vitest';
import { VEO_MODELS, findModel, type ModelPolicy } from '@veo-bot/core';
import { aTestImage } from '@veo-bot/core/testing';
import { startBot, type BotHarness } from './support/bot-harness.js';

const MIB = 1024 * 1024;
const ephemeralAnswer = (h: BotHarness, interaction: ReturnType<BotHarness['fake']['injectSlashCommand']>) =>
  h.fake.waitFor(() => {
    const direct = h.fake.originalOf(interaction);
    if (direct && !direct.deleted && (direct.flags & 64) === 64 && direct.content.length > 0) return direct;
    return h.fake.followUpsOf(interaction).find((m) => (m.flags & 64) === 64);
  });

describe('/veo image and model options through discord.js and FakeDiscord', () => {
  let h: BotHarness;
  afterEach(async () => {
    await h.stop();
  });

  it('an image attachment is downloaded from its URL and submitted byte for byte', async () => {
    h = await startBot();
    const bytes = aTestImage('image/webp', { width: 1024, height: 768, sizeBytes: 300_000, fill: 4 });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'animate this' }, attachments: { image: { bytes, filename: 'cat.webp', contentType: 'image/webp' } } });
    await h.fake.waitFor(() => h.fake.originalOf(interaction)?.content.includes('Queued'));
    expect(h.handlers.submits[0]?.image).toEqual(bytes);
    expect(h.fake.attachmentsSent()[0]?.downloads).toBe(1);
  });

  it('an image declared over the cap is refused ephemerally before anything is deferred or downloaded', async () => {
    h = await startBot();
    const bytes = aTestImage('image/png', { sizeBytes: 9 * MIB });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'big' }, attachments: { image: { bytes } } });
    const answer = await ephemeralAnswer(h, interaction);
    expect(interaction.callbackType).toBe(4);
    expect(answer.content).toContain('The image is 9.0 MiB; the maximum is 8 MiB.');
    expect(h.fake.attachmentsSent()[0]?.downloads).toBe(0);
    expect(h.handlers.submits).toEqual([]);
  });

  it('an image that is bigger than Discord said is cut off while streaming and refused', async () => {
    h = await startBot();
    const bytes = aTestImage('image/png', { sizeBytes: 12 * MIB });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'liar' }, attachments: { image: { bytes, size: 1000 } } });
    const answer = await ephemeralAnswer(h, interaction);
    expect(answer.content).toMatch(/image is (12\.0 MiB|larger than the maximum of 8 MiB)/);
    expect(h.handlers.submits).toEqual([]);
  });

  it('an image streamed without Content-Length past the cap is refused as too big, naming the limit', async () => {
    h = await startBot();
    // Far past the cap: loopback socket buffers (several MiB on a busy machine) must not be able
    // to absorb the whole file before the reader stops, or "stopped early" cannot be seen.
    const bytes = aTestImage('image/png', { sizeBytes: 40 * MIB });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'chunked' }, attachments: { image: { bytes, size: 1000, streamed: true } } });
    const answer = await ephemeralAnswer(h, interaction);
    expect(answer.content).toContain('The image is too big: it is larger than the maximum of 8 MiB.');
    expect(answer.content).not.toContain('could not be downloaded');
    expect(h.fake.attachmentsSent()[0]!.bytesServed).toBeLessThan(40 * MIB);
    expect(h.handlers.submits).toEqual([]);
  });

  it('an image option whose file is missing from the resolved attachments is refused, not made text-only', async () => {
    h = await startBot();
    const bytes = aTestImage('image/png', { sizeBytes: 50_000 });
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'ghost image' }, attachments: { image: { bytes, unresolved: true } } });
    const answer = await ephemeralAnswer(h, interaction);
    expect(interaction.callbackType).toBe(4);
    expect(answer.content).toContain('The attached image did not reach the bot');
    expect(h.handlers.submits).toEqual([]);
  });

  it('a file of the wrong type is refused, naming the accepted types', async () => {
    h = await startBot();
    const gif = new TextEncoder().encode('GIF89a not an accepted image');
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'gif' }, attachments: { image: { bytes: gif, filename: 'loop.gif', contentType: 'image/gif' } } });
    const answer = await ephemeralAnswer(h, interaction);
    expect(answer.content).toContain('The image must be PNG, JPEG, WEBP; "loop.gif" (image/gif) is not accepted.');
    expect(h.handlers.submits).toEqual([]);
  });

  it('two offered models: the choices list only them, and Veo 3.1 Fast with 5 s is refused naming 4, 6, 8', async () => {
    const models = ['veo-3.1-generate-001', 'veo-3.1-fast-generate-001'].map((id) => findModel(id, VEO_MODELS)!);
    const policy: ModelPolicy = { models, defaultModel: 'veo-3.1-generate-001' };
    h = await startBot({ policy });
    const commands = await h.fake.waitFor(() => h.fake.world.commands.get(h.guild.id));
    const veo = commands[0] as { options: { name: string; choices?: { value: unknown }[] }[] };
    expect(veo.options.find((o) => o.name === 'model')?.choices?.map((c) => c.value)).toEqual(['veo-3.1-generate-001', 'veo-3.1-fast-generate-001']);
    const interaction = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'fast', model: 'veo-3.1-fast-generate-001', duration: 5 } });
    const answer = await ephemeralAnswer(h, interaction);
    expect(answer.content).toContain('Duration must be one of 4, 6, 8 seconds for Veo 3.1 Fast.');
    expect(h.handlers.submits).toEqual([]);
  });

  it('the queued status shows the position and an ETA from history, or "usually a few minutes" without', async () => {
    h = await startBot();
    h.handlers.eta = { kind: 'estimate', readyInMs: 4 * 60_000, typicalMs: 2 * 60_000, samples: 20 };
    const known = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'eta' } });
    const shown = await h.fake.waitFor(() => h.fake.originalOf(known)?.content.includes('Queued') && h.fake.originalOf(known));
    expect(shown.content).toBe("⏳ Queued (#2) — ready in about 4 min (one takes about 2 min lately). I'll post the video here when it's ready.");
    h.handlers.eta = { kind: 'unknown' };
    const unknown = h.fake.injectSlashCommand({ channelId: h.channel.id, userId: '777', options: { prompt: 'no eta' } });
    const plain = await h.fake.waitFor(() => h.fake.originalOf(unknown)?.content.includes('Queued') && h.fake.originalOf(unknown));
    expect(plain.content).toContain('Queued (#2) — usually a few minutes.');
  });
});
