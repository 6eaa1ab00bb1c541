import { createHash } from 'node:crypto';
import type { SourceImage } from '@veo-bot/core';
import { aTestImage, testUuid } from '@veo-bot/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGoogleCloud, checkFrameInputs, createFakeVertexAdapters } from '../testing/index.js';
import type { VertexAdapters } from '../index.js';
import { params, pollUntilDone } from './helpers.js';

const png = (fill: number): SourceImage => ({ bytes: aTestImage('image/png', { width: 1280, height: 720, sizeBytes: 20_000, fill }), mimeType: 'image/png', width: 1280, height: 720 });
const b64 = (image: SourceImage) => Buffer.from(image.bytes).toString('base64');
const sha = (image: SourceImage) => createHash('sha256').update(image.bytes).digest('hex');
type Instance = { image?: unknown; lastFrame?: unknown; referenceImages?: unknown };

describe('last frame and reference images through the real @google/genai client', () => {
  let fake: FakeGoogleCloud;
  let adapters: VertexAdapters;
  let baseUrl: string;
  const sentInstance = () => (fake.requests.find((r) => r.path.endsWith(':predictLongRunning'))?.body as { instances: Instance[] }).instances[0];

  beforeEach(async () => {
    fake = new FakeGoogleCloud({ accessToken: 'test-token' });
    baseUrl = await fake.start();
    adapters = createFakeVertexAdapters(fake, { token: 'test-token' });
  });
  afterEach(() => fake.stop());

  it('config.lastFrame goes out as instances[0].lastFrame beside the first frame; the fake accepts and hashes both', async () => {
    const started = await adapters.generator.start(testUuid(), { ...params('sunrise'), durationSeconds: 6 }, { first: png(1), last: png(2), references: [] });
    expect(started.ok).toBe(true);
    expect(sentInstance()?.image).toEqual({ bytesBase64Encoded: b64(png(1)), mimeType: 'image/png' });
    expect(sentInstance()?.lastFrame).toEqual({ bytesBase64Encoded: b64(png(2)), mimeType: 'image/png' });
    expect(fake.acceptedStarts[0]).toMatchObject({ image: { sha256: sha(png(1)) }, lastFrame: { sha256: sha(png(2)) } });
    if (started.ok) expect((await pollUntilDone(adapters.generator, started.operationName)).state).toBe('succeeded');
  });

  it('config.referenceImages goes out as instances[0].referenceImages, in order, each with referenceType ASSET and no image', async () => {
    const started = await adapters.generator.start(testUuid(), { ...params('my dog'), durationSeconds: 8 }, { first: null, last: null, references: [png(3), png(4), png(5)] });
    expect(started.ok).toBe(true);
    const instance = sentInstance();
    expect(instance?.image).toBeUndefined();
    expect(instance?.referenceImages).toEqual([png(3), png(4), png(5)].map((r) => ({ image: { bytesBase64Encoded: b64(r), mimeType: 'image/png' }, referenceType: 'ASSET' })));
    expect(fake.acceptedStarts[0]?.referenceImages?.map((r) => r.sha256)).toEqual([sha(png(3)), sha(png(4)), sha(png(5))]);
  });

  it('refuses before sending what the model does not take (Lite and a last frame; references at 4 s): nothing reaches the fake', async () => {
    const lite = await adapters.generator.start(testUuid(), { ...params('lite'), model: 'veo-3.1-lite-generate-001' }, { first: png(1), last: png(2), references: [] });
    expect(lite).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringContaining('no last frame') } });
    const short = await adapters.generator.start(testUuid(), { ...params('short'), durationSeconds: 4 }, { first: null, last: null, references: [png(3)] });
    expect(short).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringContaining('8 seconds only') } });
    expect(fake.requests.filter((r) => r.path.endsWith(':predictLongRunning'))).toHaveLength(0);
  });

  it('the fake refuses what Vertex refuses', () => {
    const inline = (image: SourceImage) => ({ bytesBase64Encoded: b64(image), mimeType: image.mimeType });
    const ref = (image: SourceImage, referenceType: unknown = 'ASSET') => ({ image: inline(image), referenceType });
    const eight = { durationSeconds: 8 };
    const model = 'veo-3.1-generate-001';
    expect(checkFrameInputs(model, { lastFrame: inline(png(2)) }, eight)).toMatchObject({ ok: false, message: expect.stringContaining('only supported together with image') });
    expect(checkFrameInputs(model, { referenceImages: [ref(png(3), 'STYLE')] }, eight)).toMatchObject({ ok: false, message: expect.stringContaining('"STYLE" is not supported') });
    expect(checkFrameInputs(model, { referenceImages: [ref(png(3), 'subject')] }, eight)).toMatchObject({ ok: false });
    expect(checkFrameInputs(model, { referenceImages: [1, 2, 3, 4].map((i) => ref(png(i))) }, eight)).toMatchObject({ ok: false, message: expect.stringContaining('At most 3') });
    expect(checkFrameInputs(model, { image: inline(png(1)), referenceImages: [ref(png(3))] }, eight)).toMatchObject({ ok: false, message: expect.stringContaining('cannot be combined') });
    expect(checkFrameInputs(model, { referenceImages: [ref(png(3))] }, { durationSeconds: 6 })).toMatchObject({ ok: false, message: expect.stringContaining('durationSeconds must be 8') });
    expect(checkFrameInputs(model, { referenceImages: [{ image: { bytesBase64Encoded: Buffer.from('not an image').toString('base64'), mimeType: 'image/png' }, referenceType: 'ASSET' }] }, eight)).toMatchObject({ ok: false, message: expect.stringContaining('not a image/png image') });
    expect(checkFrameInputs(model, { image: inline(png(1)), lastFrame: { bytesBase64Encoded: b64(png(2)), mimeType: 'image/jpeg' } }, eight)).toMatchObject({ ok: false, message: expect.stringContaining('lastFrame: The image bytes are not a image/jpeg image') });
    expect(checkFrameInputs('veo-3.1-lite-generate-001', { image: inline(png(1)), lastFrame: inline(png(2)) }, eight)).toMatchObject({ ok: false, message: expect.stringContaining('does not support lastFrame') });
    expect(checkFrameInputs(model, { referenceImages: [ref(png(3), 'asset')] }, eight)).toMatchObject({ ok: true, referenceImages: [{ referenceType: 'asset' }] });
  });

  it('a start the fake refuses (a STYLE reference sent by hand) is a 400: rejected, nothing started', async () => {
    const url = `${baseUrl}/v1/projects/p/locations/us-central1/publishers/google/models/veo-3.1-generate-001:predictLongRunning`;
    const body = { instances: [{ prompt: 'x', referenceImages: [{ image: { bytesBase64Encoded: b64(png(3)), mimeType: 'image/png' }, referenceType: 'STYLE' }] }], parameters: { durationSeconds: 8 } };
    const answer = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer test-token', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(answer.status).toBe(400);
    expect(fake.startCount).toBe(0);
  });
});
