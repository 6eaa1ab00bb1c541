import { describe, expect, it } from 'vitest';
import { RETIRED_MODELS, VEO_MODELS } from '../../domain/models.js';
import type { VideoRequest } from '../../domain/video-request.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { makeWorld, veo, type World } from '../../__tests__/harness.js';
import { aTestImage } from '../../testing/images.js';

const MIN = 60_000;

function stored(w: World, ageMin: number, overrides: Partial<VideoRequest>): VideoRequest {
  const createdAt = new Date(w.clock.now().getTime() - ageMin * MIN);
  const row = aRequest({ id: testUuid(), createdAt, updatedAt: createdAt, ...overrides });
  w.repo.seed(row);
  return row;
}

const click = (requestId: string) => ({ requestId, userId: 'user-1', channelId: 'channel-1', interaction: { applicationId: 'app', interactionId: `click-${requestId}`, token: 'click-token' } });

describe('requests stored with a model Google retired (2026-06-30)', () => {
  it('the default offered set has only models Vertex serves; every retired id names a served replacement', () => {
    expect(VEO_MODELS.map((m) => m.id)).toEqual(['veo-3.1-generate-001', 'veo-3.1-fast-generate-001', 'veo-3.1-lite-generate-001']);
    for (const retired of RETIRED_MODELS) {
      expect(VEO_MODELS.some((m) => m.id === retired.id)).toBe(false);
      expect(VEO_MODELS.some((m) => m.id === retired.replacement)).toBe(true);
    }
  });

  it('resume fails a pending one naming the model, never sends it to Google, and offers Retry', async () => {
    const w = makeWorld();
    const veo2 = stored(w, 30, { status: 'pending', model: 'veo-2.0-generate-001', generateAudio: false, durationSeconds: 5, resolution: '720p' });
    const veo3 = stored(w, 26 * 60, { status: 'pending', model: 'veo-3.0-fast-generate-001' });
    const current = stored(w, 10, { status: 'pending' });
    const plan = await w.core.resume.plan();
    expect(plan.items.map((i) => [i.request.id, i.action])).toEqual([[veo3.id, 'retired'], [veo2.id, 'retired'], [current.id, 'start']]);
    const summary = await w.core.resume.execute();
    await w.core.scheduler.whenIdle();
    expect(summary).toMatchObject({ failed: 2, completed: 1 });
    expect(w.generator.starts.map((s) => s.requestId)).toEqual([current.id]);
    const failed = await w.repo.get(veo2.id);
    expect(failed).toMatchObject({ status: 'failed', finalCostUsd: 0 });
    expect(failed?.errorMessage).toBe('Veo 2 (veo-2.0-generate-001) was retired by Google on 2026-06-30, so this video was not made and nothing was charged. Press Retry to make it with Veo 3.1.');
    expect((await w.repo.get(veo3.id))?.errorMessage).toContain('Veo 3 Fast (veo-3.0-fast-generate-001) was retired by Google on 2026-06-30');
    expect((await w.repo.get(veo3.id))?.errorMessage).toContain('make it with Veo 3.1 Fast');
    expect(w.notifier.finalsFor(veo2.id)).toMatchObject([{ kind: 'failed', notice: { retryable: true, reason: expect.stringContaining('retired by Google') } }]);
    expect(w.logger.find('Request uses a retired model')).toHaveLength(2);
  });

  it('a generating one is still polled: its video may exist and was paid for', async () => {
    const w = makeWorld();
    const row = stored(w, 20, { status: 'generating', model: 'veo-3.0-generate-001', operationName: 'ops/old', attempts: 1, startedAt: new Date(w.clock.now().getTime() - 19 * MIN) });
    w.generator.seedOperation('ops/old', row.id, { outcome: 'succeed', afterPolls: 1 });
    expect((await w.core.resume.plan()).items[0]?.action).toBe('poll');
    await w.core.resume.execute();
    await w.core.scheduler.whenIdle();
    expect((await w.repo.get(row.id))?.status).toBe('completed');
  });

  it('Retry of a Veo 2 failure is made with its replacement, its choices kept where the new model allows them', async () => {
    const w = makeWorld();
    const failed = stored(w, 60, { status: 'failed', errorMessage: 'retired', model: 'veo-2.0-generate-001', durationSeconds: 5, resolution: '720p', generateAudio: false, aspectRatio: '9:16', seed: 3 });
    const result = await w.core.retry.execute(click(failed.id));
    expect(result).toMatchObject({ ok: true, created: true });
    if (!result.ok) return;
    expect(result.request).toMatchObject({ model: 'veo-3.1-generate-001', durationSeconds: 6, resolution: '720p', generateAudio: false, aspectRatio: '9:16', seed: 3, retryOf: failed.id });
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts.map((s) => s.params.model)).toEqual(['veo-3.1-generate-001']);
    expect((await w.repo.get(result.request.id))?.status).toBe('completed');
  });

  it('Again of a video made with Veo 3 Fast uses Veo 3.1 Fast; a model still offered is kept', async () => {
    const w = makeWorld();
    const old = stored(w, 60, { status: 'completed', model: 'veo-3.0-fast-generate-001', videoUrls: ['gs://b/x.mp4'], notifiedAt: new Date() });
    const again = await w.core.again.execute(click(old.id));
    expect(again).toMatchObject({ ok: true, request: { model: 'veo-3.1-fast-generate-001', durationSeconds: 8, generateAudio: true } });
    const lite = stored(w, 60, { status: 'completed', model: 'veo-3.1-lite-generate-001', resolution: '1080p', videoUrls: ['gs://b/y.mp4'], notifiedAt: new Date() });
    expect(await w.core.again.execute(click(lite.id))).toMatchObject({ ok: true, request: { model: 'veo-3.1-lite-generate-001', resolution: '1080p' } });
  });
});

describe('an operator-declared text-only model', () => {
  it('refuses a first-frame image before anything is stored or sent', async () => {
    const textOnly = { ...VEO_MODELS[0]!, id: 'veo-text-001', label: 'Veo Text', imageInput: false };
    const w = makeWorld({ prices: { 'veo-3.1-generate-001': { withAudio: 0.4, withoutAudio: 0.2 }, 'veo-text-001': { withAudio: 0.1, withoutAudio: 0.1 } } }, { policy: { models: [VEO_MODELS[0]!, textOnly], defaultModel: 'veo-3.1-generate-001' } });
    const png = aTestImage('image/png', { width: 1280, height: 720, fill: 3 });
    const refused = await w.core.submit.execute({ ...veo('photo', { model: 'veo-text-001' }), image: png });
    expect(refused).toMatchObject({ ok: false, reason: 'invalid', message: 'Veo Text makes videos from text only; leave out the image or choose another model.' });
    expect(w.repo.all()).toHaveLength(0);
    expect(await w.core.submit.execute({ ...veo('words', { model: 'veo-text-001' }) })).toMatchObject({ ok: true });
  });

  it('a Retry or Again of a request made from an image goes to a model that takes one, or is refused, never sent without it', async () => {
    const textOnly = { ...VEO_MODELS[0]!, id: 'veo-text-001', label: 'Veo Text', imageInput: false };
    const prices = { 'veo-3.1-fast-generate-001': { withAudio: 0.15, withoutAudio: 0.1 }, 'veo-text-001': { withAudio: 0.1, withoutAudio: 0.1 } };
    const png = { bytes: aTestImage('image/png', { width: 1280, height: 720, fill: 3 }), mimeType: 'image/png' as const, width: 1280, height: 720 };
    // Veo 2 is retired and its replacement is not offered; the default takes text only.
    const mixed = makeWorld({ prices }, { policy: { models: [textOnly, VEO_MODELS[1]!], defaultModel: 'veo-text-001' } });
    const old = aRequest({ id: testUuid(), status: 'failed', model: 'veo-2.0-generate-001', durationSeconds: 5, generateAudio: false, completedAt: mixed.clock.now(), finalCostUsd: 0 });
    mixed.repo.seed(old, png);
    const retried = await mixed.core.retry.execute(click(old.id));
    expect(retried).toMatchObject({ ok: true, request: { model: 'veo-3.1-fast-generate-001', durationSeconds: 6 } });
    await mixed.core.scheduler.whenIdle();
    expect(mixed.generator.starts.map((s) => [s.params.model, s.image?.bytes.length])).toEqual([['veo-3.1-fast-generate-001', png.bytes.length]]);
    // Nothing offered takes an image: a clear refusal, nothing stored, nothing sent.
    const textWorld = makeWorld({ prices }, { policy: { models: [textOnly], defaultModel: 'veo-text-001' } });
    textWorld.repo.seed(old, png);
    const refused = await textWorld.core.retry.execute(click(old.id));
    expect(refused).toMatchObject({ ok: false, reason: 'not-retryable', message: expect.stringContaining('made from an image') });
    expect(textWorld.repo.all()).toHaveLength(1);
    expect(textWorld.generator.startCalls).toEqual([]);
  });
});
