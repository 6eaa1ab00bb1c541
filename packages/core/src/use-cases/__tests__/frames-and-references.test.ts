import { describe, expect, it } from 'vitest';
import { makeWorld, veo } from '../../__tests__/harness.js';
import { DEFAULT_MODEL_ID, VEO_MODELS } from '../../domain/models.js';
import type { SourceImage } from '../../domain/source-image.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { aTestImage } from '../../testing/images.js';

const bytes = (fill: number) => aTestImage('image/png', { width: 1280, height: 720, fill });
const stored = (fill: number): SourceImage => ({ bytes: bytes(fill), mimeType: 'image/png', width: 1280, height: 720 });
const sent = (w: ReturnType<typeof makeWorld>, i = 0) => {
  const images = w.generator.starts[i]?.images;
  return { first: images?.first?.bytes ?? null, last: images?.last?.bytes ?? null, references: images?.references.map((r) => r.bytes) ?? [] };
};

describe('first + last frame and reference images', () => {
  it('image + last_image: both stored with the request in its create, and Veo gets exactly those bytes in their roles', async () => {
    const w = makeWorld();
    const result = await w.core.submit.execute({ ...veo('a sunrise', { durationSeconds: 6 }), image: bytes(1), lastImage: bytes(2) });
    expect(result).toMatchObject({ ok: true, persisted: true });
    if (!result.ok) return;
    expect(w.repo.calls.filter((c) => c === 'create')).toHaveLength(1);
    expect(await w.repo.findImages(result.request.id)).toEqual({ first: stored(1), last: stored(2), references: [] });
    await w.core.scheduler.whenIdle();
    expect(sent(w)).toEqual({ first: bytes(1), last: bytes(2), references: [] });
  });

  it('three reference images, in the order given, at the 8 s they allow', async () => {
    const w = makeWorld();
    const result = await w.core.submit.execute({ ...veo('my dog surfing'), referenceImages: [bytes(3), bytes(4), bytes(5)] });
    expect(result).toMatchObject({ ok: true, request: { durationSeconds: 8 } });
    await w.core.scheduler.whenIdle();
    expect(sent(w)).toEqual({ first: null, last: null, references: [bytes(3), bytes(4), bytes(5)] });
    expect(w.repo.imageCount()).toBe(3);
  });

  it.each([
    ['a last frame without a first', { lastImage: bytes(2) }, {}, 'lastImage'],
    ['reference images on Veo 3.1 Lite', { referenceImages: [bytes(3)] }, { model: 'veo-3.1-lite-generate-001' }, 'referenceImages'],
    ['a last frame on Veo 3.1 Lite', { image: bytes(1), lastImage: bytes(2) }, { model: 'veo-3.1-lite-generate-001' }, 'lastImage'],
    ['reference images with a first frame', { image: bytes(1), referenceImages: [bytes(3)] }, {}, 'referenceImages'],
    ['four reference images', { referenceImages: [bytes(3), bytes(4), bytes(5), bytes(6)] }, {}, 'referenceImages'],
    ['a reference image that is not an image', { referenceImages: [bytes(3), new TextEncoder().encode('GIF89a…')] }, {}, 'referenceImages'],
    ['a last frame that is too small', { image: bytes(1), lastImage: aTestImage('image/png', { width: 100, height: 100 }) }, {}, 'lastImage'],
  ])('refuses %s before anything is stored or sent', async (_what, images, options, field) => {
    const w = makeWorld();
    const result = await w.core.submit.execute({ ...veo('refused', options), ...images });
    expect(result).toMatchObject({ ok: false, reason: 'invalid', issues: [expect.objectContaining({ field })] });
    expect(w.repo.all()).toEqual([]);
    expect(w.repo.imageCount()).toBe(0);
    expect(w.generator.startCalls).toEqual([]);
  });

  it('names the image a byte check refused ("Reference image 2: …")', async () => {
    const w = makeWorld();
    const result = await w.core.submit.execute({ ...veo('named'), referenceImages: [bytes(3), new TextEncoder().encode('not an image')] });
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^Reference image 2: The image must be PNG, JPEG, WEBP/) });
  });

  it('with the database down a request with several images is refused, not accepted with a synthetic id', async () => {
    const w = makeWorld();
    w.repo.available = false;
    expect(await w.core.submit.execute({ ...veo('offline'), image: bytes(1), lastImage: bytes(2) })).toMatchObject({ ok: false, reason: 'unavailable', message: expect.stringContaining('images cannot be stored') });
    expect(w.generator.startCalls).toEqual([]);
  });

  it('after a crash, a new core resumes pending requests with the same first/last frames and references, from the store', async () => {
    const w = makeWorld();
    const framed = aRequest({ id: testUuid(), status: 'pending', createdAt: w.clock.now(), prompt: 'crashed with frames', durationSeconds: 6 });
    const referenced = aRequest({ id: testUuid(), status: 'pending', createdAt: w.clock.now(), prompt: 'crashed with refs', durationSeconds: 8 });
    w.repo.seed(framed, { first: stored(1), last: stored(2), references: [] });
    w.repo.seed(referenced, { first: null, last: null, references: [stored(7), stored(8)] });
    const restarted = makeWorld({}, { repo: w.repo, clock: w.clock });
    await restarted.core.resume.execute();
    await restarted.core.scheduler.whenIdle();
    const byPrompt = (p: string) => sent(restarted, restarted.generator.starts.findIndex((s) => s.params.prompt === p));
    expect(byPrompt('crashed with frames')).toEqual({ first: bytes(1), last: bytes(2), references: [] });
    expect(byPrompt('crashed with refs')).toEqual({ first: null, last: null, references: [bytes(7), bytes(8)] });
    expect((await w.repo.get(framed.id))?.status).toBe('completed');
  });

  it('Again keeps every image: the new take is stored with the same references and sends them again', async () => {
    const w = makeWorld();
    const done = aRequest({ id: testUuid(), status: 'completed', userId: 'user-1', durationSeconds: 8, createdAt: new Date(w.clock.now().getTime() - 60_000) });
    w.repo.seed(done, { first: null, last: null, references: [stored(7), stored(8)] });
    const again = await w.core.again.execute({ requestId: done.id, userId: 'user-1', channelId: 'channel-1', interaction: null });
    expect(again).toMatchObject({ ok: true, created: true });
    if (!again.ok) return;
    expect(await w.repo.findImages(again.request.id)).toEqual({ first: null, last: null, references: [stored(7), stored(8)] });
    await w.core.scheduler.whenIdle();
    expect(sent(w)).toEqual({ first: null, last: null, references: [bytes(7), bytes(8)] });
  });

  it('a Retry where no offered model takes the images is refused, never sent without them', async () => {
    const lite = { models: VEO_MODELS.filter((m) => m.id === 'veo-3.1-lite-generate-001'), defaultModel: 'veo-3.1-lite-generate-001' };
    const w = makeWorld({}, { policy: lite });
    const failed = aRequest({ id: testUuid(), status: 'failed', userId: 'user-1', model: DEFAULT_MODEL_ID });
    w.repo.seed(failed, { first: stored(1), last: stored(2), references: [] });
    expect(await w.core.retry.execute({ requestId: failed.id, userId: 'user-1', channelId: 'channel-1', interaction: null })).toMatchObject({
      ok: false, reason: 'not-retryable', message: expect.stringContaining('last frame or reference images'),
    });
    expect(w.generator.startCalls).toEqual([]);
  });
});
