import { describe, expect, it } from 'vitest';
import { makeWorld } from '../../__tests__/harness.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { estimateCostUsd, DEFAULT_PRICES } from '../../domain/pricing.js';

const modal = (requestId: string, prompt = 'the fox leaps over a frozen stream', userId = 'user-1') => ({
  requestId,
  userId,
  channelId: 'channel-1',
  prompt,
  interaction: { applicationId: 'app', interactionId: `extend-${userId}`, token: 'extend-token' },
});

function delivered(w: ReturnType<typeof makeWorld>, extra: Parameters<typeof aRequest>[0] = {}) {
  const done = aRequest({
    id: testUuid(), status: 'completed', createdAt: new Date(w.clock.now().getTime() - 3_600_000), prompt: 'a fox', durationSeconds: 8,
    videoUrls: ['gs://fake-bucket/veo/original/sample_0.mp4'], operationName: 'ops/1', attempts: 1, ...extra,
  });
  w.repo.seed(done);
  return done;
}

describe('ExtendVideo (the Extend button and its modal)', () => {
  it('by the owner: a NEW request that sends the stored video and the continuation prompt, priced for the 7 s it adds, delivered like any other', async () => {
    const w = makeWorld();
    const done = delivered(w);
    const result = await w.core.extend.execute(modal(done.id));
    expect(result).toMatchObject({ ok: true, created: true });
    if (!result.ok) return;
    expect(result.request).toMatchObject({ extendsId: done.id, sourceSeconds: 8, durationSeconds: 7, sourceVideoUri: done.videoUrls[0], prompt: 'the fox leaps over a frozen stream', model: done.model, status: 'pending', retryOf: null });
    expect(result.request.estimatedCostUsd).toBe(estimateCostUsd({ ...done, durationSeconds: 7 }, DEFAULT_PRICES));
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts[0]?.params).toMatchObject({ sourceVideoUri: done.videoUrls[0], durationSeconds: 7 });
    expect((await w.repo.get(result.request.id))?.status).toBe('completed');
    expect(w.notifier.notices.some((n) => n.kind === 'completed' && n.requestId === result.request.id)).toBe(true);
    // A second extension of the same video is another request (each submitted modal is one).
    expect(await w.core.extend.execute(modal(done.id, 'the fox sleeps'))).toMatchObject({ ok: true, created: true });
  });

  it('refuses clearly and creates nothing: someone else, a failed request, a video too long, a model without extension, an empty prompt', async () => {
    const w = makeWorld();
    const done = delivered(w, { userId: 'owner' });
    expect(await w.core.extend.execute(modal(done.id, 'x', 'intruder'))).toMatchObject({ ok: false, reason: 'not-owner', message: expect.stringContaining('<@owner>') });
    const failed = delivered(w, { status: 'failed', videoUrls: [], errorMessage: 'boom' });
    expect(await w.core.extend.execute(modal(failed.id))).toMatchObject({ ok: false, reason: 'not-retryable', message: 'Only a delivered video can be extended.' });
    const long = delivered(w, { sourceSeconds: 29, durationSeconds: 7 });
    expect(await w.core.extend.execute(modal(long.id))).toMatchObject({ ok: false, message: 'This video is 36 s long; Google extends videos of at most 30 s.' });
    expect(await w.core.extend.execute(modal(delivered(w).id, '   '))).toMatchObject({ ok: false, message: 'The prompt must not be empty.' });
    const w2 = makeWorld({ prices: { 'veo-plain-001': { withAudio: 0.2, withoutAudio: 0.2 } } }, { policy: { models: [{ id: 'veo-plain-001', label: 'Plain', durations: [8], aspectRatios: ['16:9'], resolutions: ['720p'], audio: false, defaultDuration: 8 }], defaultModel: 'veo-plain-001' } });
    const plain = delivered(w2, { model: 'veo-plain-001', generateAudio: false });
    expect(await w2.core.extend.execute(modal(plain.id))).toMatchObject({ ok: false, message: 'Plain cannot extend videos here.' });
    expect(w.repo.all().filter((r) => r.extendsId !== null)).toEqual([]);
    expect(w.generator.startCalls).toEqual([]);
  });

  it('an extension of an extension counts the whole length: 8 + 7 + 7 = 22 s may still be extended, 29 + 7 may not', async () => {
    const w = makeWorld();
    const second = delivered(w, { sourceSeconds: 15, durationSeconds: 7 });
    const third = await w.core.extend.execute(modal(second.id));
    expect(third).toMatchObject({ ok: true, request: { sourceSeconds: 22, durationSeconds: 7 } });
  });

  it('an extension left pending by a crashed process is resumed by a new core with the same video', async () => {
    const w = makeWorld();
    const done = delivered(w);
    const left = aRequest({ id: testUuid(), status: 'pending', createdAt: w.clock.now(), prompt: 'go on', extendsId: done.id, sourceSeconds: 8, durationSeconds: 7, sourceVideoUri: done.videoUrls[0] });
    w.repo.seed(left);
    const restarted = makeWorld({}, { repo: w.repo, clock: w.clock });
    await restarted.core.resume.execute();
    await restarted.core.scheduler.whenIdle();
    expect(restarted.generator.starts.map((s) => s.params)).toMatchObject([{ sourceVideoUri: done.videoUrls[0], durationSeconds: 7 }]);
    expect((await w.repo.get(left.id))?.status).toBe('completed');
  });

  it('database down: an honest refusal', async () => {
    const w = makeWorld();
    const done = delivered(w);
    w.repo.available = false;
    expect(await w.core.extend.execute(modal(done.id))).toMatchObject({ ok: false, reason: 'unavailable' });
  });

  it('check: the same refusals as execute, read-only, for the button to answer before the modal', async () => {
    const w = makeWorld();
    const done = delivered(w, { userId: 'owner' });
    const long = delivered(w, { userId: 'owner', sourceSeconds: 29, durationSeconds: 7 });
    const before = w.repo.all().length;
    expect(await w.core.extend.check({ requestId: done.id, userId: 'owner' })).toEqual({ ok: true });
    expect(await w.core.extend.check({ requestId: done.id, userId: 'intruder' })).toMatchObject({ ok: false, reason: 'not-owner', message: 'Only <@owner> can extend this video. Use `/veo` to make your own.' });
    expect(await w.core.extend.check({ requestId: long.id, userId: 'owner' })).toMatchObject({ ok: false, reason: 'not-retryable', message: 'This video is 36 s long; Google extends videos of at most 30 s.' });
    expect(await w.core.extend.check({ requestId: testUuid(), userId: 'owner' })).toMatchObject({ ok: false, reason: 'not-found' });
    expect(w.repo.all()).toHaveLength(before);
    w.repo.available = false;
    expect(await w.core.extend.check({ requestId: done.id, userId: 'owner' })).toMatchObject({ ok: false, reason: 'unavailable' });
  });
});
