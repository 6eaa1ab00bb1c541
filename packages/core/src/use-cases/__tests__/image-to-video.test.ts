import { describe, expect, it } from 'vitest';
import { makeWorld, veo } from '../../__tests__/harness.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { aTestImage } from '../../testing/images.js';

const png = aTestImage('image/png', { width: 1280, height: 720, fill: 3 });

describe('image-to-video', () => {
  it('the image is stored with the request before it is accepted, and Veo gets exactly those bytes', async () => {
    const w = makeWorld();
    const result = await w.core.submit.execute({ ...veo('from a photo'), image: png });
    expect(result).toMatchObject({ ok: true, persisted: true });
    if (!result.ok) return;
    expect((await w.repo.findImages(result.request.id)).first).toMatchObject({ mimeType: 'image/png', width: 1280, height: 720 });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts[0]?.image?.bytes).toEqual(png);
    expect(w.generator.starts[0]?.image?.mimeType).toBe('image/png');
  });

  it('a bad image is refused with the option problems, before anything is stored or sent', async () => {
    const w = makeWorld();
    const result = await w.core.submit.execute({ ...veo('bad', { durationSeconds: 5 }), image: new TextEncoder().encode('GIF89a…') });
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    if (result.ok || result.reason !== 'invalid') return;
    expect(result.issues.map((i) => i.field)).toEqual(['durationSeconds', 'image']);
    expect(w.repo.all()).toEqual([]);
    expect(w.generator.startCalls).toEqual([]);
  });

  it('with the database down an image request is not accepted (no synthetic id: its image would not be durable)', async () => {
    const w = makeWorld();
    w.repo.available = false;
    const result = await w.core.submit.execute({ ...veo('offline'), image: png });
    expect(result).toMatchObject({ ok: false, reason: 'unavailable', message: expect.stringContaining('image cannot be stored') });
    expect(w.generator.startCalls).toEqual([]);
  });

  it('a pending image request left by a crashed process is resumed by a new core with the same bytes', async () => {
    const w = makeWorld();
    const left = aRequest({ id: testUuid(), status: 'pending', createdAt: w.clock.now(), prompt: 'crashed with a photo' });
    w.repo.seed(left, { bytes: png, mimeType: 'image/png', width: 1280, height: 720 });
    const restarted = makeWorld({}, { repo: w.repo, clock: w.clock });
    await restarted.core.resume.execute();
    await restarted.core.scheduler.whenIdle();
    expect(restarted.generator.starts).toHaveLength(1);
    expect(restarted.generator.starts[0]?.image?.bytes).toEqual(png);
    expect((await w.repo.get(left.id))?.status).toBe('completed');
  });

  it('a retry of a failed image request sends the same image again, stored with the retry', async () => {
    const w = makeWorld();
    const failed = aRequest({ id: testUuid(), status: 'failed' });
    w.repo.seed(failed, { bytes: png, mimeType: 'image/png', width: 1280, height: 720 });
    const retry = await w.core.retry.execute({ requestId: failed.id, userId: 'user-1', channelId: 'channel-1', interaction: null });
    expect(retry).toMatchObject({ ok: true, created: true });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts[0]?.image?.bytes).toEqual(png);
    expect(w.repo.imageCount()).toBe(2);
  });

  it('retention deletes a request and its image together', async () => {
    const w = makeWorld();
    const old = aRequest({ id: testUuid(), status: 'completed', createdAt: new Date(Date.UTC(2020, 0, 1)) });
    w.repo.seed(old, { bytes: png, mimeType: 'image/png', width: 1280, height: 720 });
    expect(await w.repo.deleteOlderThan(new Date(Date.UTC(2021, 0, 1)), 10)).toBe(1);
    expect(w.repo.imageCount()).toBe(0);
  });
});
