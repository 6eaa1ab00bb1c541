import { createHash } from 'node:crypto';
import { firstFrameOnly } from '@veo-bot/core';
import { aTestImage, testUuid } from '@veo-bot/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeGoogleCloud, checkImageInput, createFakeVertexAdapters } from '../testing/index.js';
import type { VertexAdapters } from '../index.js';
import { params, pollUntilDone } from './helpers.js';

describe('image-to-video through the real @google/genai client', () => {
  let fake: FakeGoogleCloud;
  let adapters: VertexAdapters;

  beforeEach(async () => {
    fake = new FakeGoogleCloud({ accessToken: 'test-token' });
    await fake.start();
    adapters = createFakeVertexAdapters(fake, { token: 'test-token' });
  });
  afterEach(() => fake.stop());

  it('sends the image inline as instances[0].image; the fake checks it and records its sha256', async () => {
    const bytes = aTestImage('image/jpeg', { width: 1280, height: 720, sizeBytes: 50_000, fill: 2 });
    const started = await adapters.generator.start(testUuid(), params('from a photo'), firstFrameOnly({ bytes, mimeType: 'image/jpeg', width: 1280, height: 720 }));
    expect(started.ok).toBe(true);
    const body = fake.requests.find((r) => r.path.endsWith(':predictLongRunning'))?.body as { instances: { image: { bytesBase64Encoded: string; mimeType: string } }[] };
    expect(body.instances[0]?.image).toEqual({ bytesBase64Encoded: Buffer.from(bytes).toString('base64'), mimeType: 'image/jpeg' });
    expect(fake.acceptedStarts[0]?.image).toEqual({ mimeType: 'image/jpeg', sizeBytes: 50_000, sha256: createHash('sha256').update(bytes).digest('hex') });
    if (started.ok) expect((await pollUntilDone(adapters.generator, started.operationName)).state).toBe('succeeded');
  });

  it('text-to-video sends no image', async () => {
    expect((await adapters.generator.start(testUuid(), params('no photo'))).ok).toBe(true);
    expect(fake.acceptedStarts[0]?.image).toBeUndefined();
  });

  it('an image whose bytes do not match its type is refused by the fake like Vertex would (400, rejected, nothing started)', async () => {
    const started = await adapters.generator.start(testUuid(), params('mislabelled'), firstFrameOnly({ bytes: aTestImage('image/png'), mimeType: 'image/webp', width: 1280, height: 720 }));
    expect(started).toMatchObject({ ok: false, error: { kind: 'rejected', status: 400 } });
    expect(fake.startCount).toBe(0);
  });

  it('checkImageInput refuses bad base64 and unsupported types', () => {
    expect(checkImageInput({ bytesBase64Encoded: 'not base64!', mimeType: 'image/png' })).toMatchObject({ ok: false });
    expect(checkImageInput({ bytesBase64Encoded: Buffer.from(aTestImage('image/png')).toString('base64'), mimeType: 'image/gif' })).toMatchObject({ ok: false });
    expect(checkImageInput({ gcsUri: 'gs://b/i.png', mimeType: 'image/png' })).toMatchObject({ ok: false });
    expect(checkImageInput(undefined)).toEqual({ ok: true, image: undefined });
  });
});
