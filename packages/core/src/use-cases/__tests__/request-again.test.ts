import { describe, expect, it } from 'vitest';
import { NO_CAPS } from '../../domain/budget.js';
import { makeWorld } from '../../__tests__/harness.js';
import { aRequest, testUuid } from '../../testing/builders.js';
import { aTestImage } from '../../testing/images.js';

const click = (requestId: string, userId = 'user-1') => ({
  requestId,
  userId,
  channelId: 'channel-1',
  interaction: { applicationId: 'app', interactionId: `again-${userId}`, token: 'again-token' },
});

function delivered(w: ReturnType<typeof makeWorld>, extra: Parameters<typeof aRequest>[0] = {}) {
  const done = aRequest({ id: testUuid(), status: 'completed', createdAt: new Date(w.clock.now().getTime() - 3_600_000), prompt: 'a fox', durationSeconds: 6, seed: 42, ...extra });
  const image = { bytes: aTestImage('image/jpeg', { fill: 11 }), mimeType: 'image/jpeg' as const, width: 1280, height: 720 };
  w.repo.seed(done, image);
  return { done, image };
}

describe('RequestAgain (the Again button)', () => {
  it('by the owner: a NEW take (same parameters and image, not the seed), linked by retry_of, queued with an ETA', async () => {
    const w = makeWorld();
    const { done, image } = delivered(w);
    const result = await w.core.again.execute(click(done.id));
    expect(result).toMatchObject({ ok: true, created: true, eta: { kind: 'unknown' }, droppedSeed: 42 });
    if (!result.ok) return;
    expect(result.request).toMatchObject({ retryOf: done.id, prompt: 'a fox', durationSeconds: 6, seed: null, status: 'pending' });
    expect(w.logger.find('Again created')).toHaveLength(1);
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts[0]?.image?.bytes).toEqual(image.bytes);
    expect(w.generator.starts[0]?.params.seed).toBeNull();
    expect((await w.repo.get(done.id))?.status).toBe('completed');
    expect(w.notifier.notices.find((n) => n.kind === 'progress' && n.requestId === result.request.id)).toMatchObject({ update: { stage: 'queued' } });
  });

  it('by someone else: refused, nothing created', async () => {
    const w = makeWorld();
    const { done } = delivered(w, { userId: 'owner' });
    expect(await w.core.again.execute(click(done.id, 'intruder'))).toMatchObject({ ok: false, reason: 'not-owner', message: expect.stringContaining('<@owner>') });
    expect(w.repo.all()).toHaveLength(1);
  });

  it('double click: one new request, later clicks answer with it; failed requests keep the Retry rules', async () => {
    const w = makeWorld();
    const { done } = delivered(w);
    const results = await Promise.all([w.core.again.execute(click(done.id)), w.core.again.execute(click(done.id))]);
    expect(new Set(results.map((r) => r.ok && r.request.id)).size).toBe(1);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts).toHaveLength(1);
    const failed = aRequest({ id: testUuid(), status: 'failed' });
    w.repo.seed(failed);
    expect(await w.core.again.execute(click(failed.id))).toMatchObject({ ok: false, reason: 'not-retryable', message: expect.stringContaining('only a delivered video') });
    expect(await w.core.retry.execute(click(done.id))).toMatchObject({ ok: false, reason: 'not-retryable' });
  });

  it('counts against the per-user limit like a /veo', async () => {
    const w = makeWorld({ perUserDailyLimit: 1 });
    const { done } = delivered(w);
    const result = await w.core.again.execute(click(done.id));
    expect(result).toMatchObject({ ok: false, reason: 'rate-limited', limit: 1 });
    expect(w.repo.all()).toHaveLength(1);
  });

  it('is reserved under the budgets like a /veo, and refused over a cap before anything reaches Google', async () => {
    const w = makeWorld({ budget: { ...NO_CAPS, guildDailyUsd: 2 }, perUserDailyLimit: 0 }, { ledger: true });
    const { done } = delivered(w, { estimatedCostUsd: 0, createdAt: new Date(w.clock.now().getTime() - 60_000) });
    const result = await w.core.again.execute(click(done.id));
    expect(result).toMatchObject({ ok: false, reason: 'over-budget', cap: 'guild-daily' });
    expect(w.generator.startCalls).toEqual([]);
  });

  it('database down: an honest refusal', async () => {
    const w = makeWorld();
    const { done } = delivered(w);
    w.repo.available = false;
    expect(await w.core.again.execute(click(done.id))).toMatchObject({ ok: false, reason: 'unavailable' });
  });
});

describe('ReadyEstimates', () => {
  it('the first queued status carries the position and an ETA from the model\'s completed history', async () => {
    const w = makeWorld({ scheduler: { concurrency: 1 } });
    for (let i = 0; i < 6; i++) {
      const at = new Date(w.clock.now().getTime() - (i + 1) * 600_000);
      w.repo.seed(aRequest({ id: testUuid(), status: 'completed', startedAt: at, completedAt: new Date(at.getTime() + 60_000), durationMs: 60_000 }));
    }
    const first = await w.core.submit.execute({ userId: 'u', guildId: 'g', channelId: 'c', options: { prompt: 'one' }, interaction: null });
    const second = await w.core.submit.execute({ userId: 'u', guildId: 'g', channelId: 'c', options: { prompt: 'two' }, interaction: null });
    expect(first).toMatchObject({ ok: true, eta: { kind: 'estimate', readyInMs: 60_000, samples: 6 } });
    expect(second).toMatchObject({ ok: true, queuePosition: 1, eta: { kind: 'estimate', readyInMs: 120_000 } });
  });
  it('a video made without a seed says nothing about seeds; Retry of a failure keeps its seed (the same request, tried again)', async () => {
    const w = makeWorld();
    const { done } = delivered(w, { seed: null });
    const again = await w.core.again.execute(click(done.id));
    expect(again).toMatchObject({ ok: true, created: true });
    expect(again.ok && 'droppedSeed' in again).toBe(false);
    const failed = aRequest({ id: testUuid(), status: 'failed', createdAt: new Date(w.clock.now().getTime() - 60_000), seed: 7, errorMessage: 'boom' });
    w.repo.seed(failed);
    const retry = await w.core.retry.execute(click(failed.id));
    expect(retry).toMatchObject({ ok: true, created: true, request: { seed: 7 } });
    expect(retry.ok && 'droppedSeed' in retry).toBe(false);
  });
});
