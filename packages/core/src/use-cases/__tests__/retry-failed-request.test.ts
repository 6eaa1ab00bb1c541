import { describe, expect, it } from 'vitest';
import { aRequest, testUuid } from '../../testing/builders.js';
import { makeWorld } from '../../__tests__/harness.js';

const click = (requestId: string, userId = 'user-1') => ({
  requestId,
  userId,
  channelId: 'channel-1',
  interaction: { applicationId: 'app', interactionId: `click-${userId}`, token: 'click-token' },
});

describe('RetryFailedRequest (RTY-1…RTY-6)', () => {
  it('final failure notifies the user with a Retry button', async () => {
    const w = makeWorld();
    w.generator.script('doomed', { outcome: 'fail', message: 'model error' });
    const submitted = await w.core.submit.execute({ userId: 'user-1', guildId: 'g', channelId: 'c', options: { prompt: 'doomed' }, interaction: null });
    await w.core.scheduler.whenIdle();
    expect(w.notifier.finalsFor(submitted.ok ? submitted.request.id : '')).toMatchObject([{ kind: 'failed', notice: { retryable: true, route: 'channel' } }]);
  });

  it('retry by the owner creates a NEW request linked by retry_of with the same parameters; the old row stays failed', async () => {
    const w = makeWorld();
    const failed = aRequest({ id: testUuid(), status: 'failed', errorMessage: 'x', prompt: 'again please', durationSeconds: 4, seed: 9 });
    w.repo.seed(failed);
    const result = await w.core.retry.execute(click(failed.id));
    expect(result).toMatchObject({ ok: true, created: true });
    if (!result.ok) return;
    expect(result.request).toMatchObject({ retryOf: failed.id, prompt: 'again please', durationSeconds: 4, seed: 9, userId: 'user-1', status: 'pending' });
    expect(result.request.id).not.toBe(failed.id);
    await w.core.scheduler.whenIdle();
    expect((await w.repo.get(result.request.id))?.status).toBe('completed');
    expect((await w.repo.get(failed.id))?.status).toBe('failed');
  });

  it('retry by someone else is refused and creates nothing', async () => {
    const w = makeWorld();
    const failed = aRequest({ id: testUuid(), status: 'timeout', userId: 'owner' });
    w.repo.seed(failed);
    const result = await w.core.retry.execute(click(failed.id, 'intruder'));
    expect(result).toMatchObject({ ok: false, reason: 'not-owner', message: expect.stringContaining('<@owner>') });
    expect(w.repo.all()).toHaveLength(1);
  });

  it('User clicks Retry multiple times: one retry, later clicks answer with it', async () => {
    const w = makeWorld();
    const failed = aRequest({ id: testUuid(), status: 'failed' });
    w.repo.seed(failed);
    const results = await Promise.all([w.core.retry.execute(click(failed.id)), w.core.retry.execute(click(failed.id)), w.core.retry.execute(click(failed.id))]);
    const ids = new Set(results.map((r) => r.ok && r.request.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    await w.core.scheduler.whenIdle();
    expect(w.generator.starts).toHaveLength(1);
    const again = await w.core.retry.execute(click(failed.id));
    expect(again).toMatchObject({ ok: true, created: false, queuePosition: null });
  });

  it('Asset not found on retry / not retryable / database down: clear refusals', async () => {
    const w = makeWorld();
    expect(await w.core.retry.execute(click(testUuid()))).toMatchObject({ ok: false, reason: 'not-found' });
    const done = aRequest({ id: testUuid(), status: 'completed' });
    w.repo.seed(done);
    expect(await w.core.retry.execute(click(done.id))).toMatchObject({ ok: false, reason: 'not-retryable', message: expect.stringContaining('completed') });
    w.repo.available = false;
    expect(await w.core.retry.execute(click(done.id))).toMatchObject({ ok: false, reason: 'unavailable' });
  });

  it('works after a restart: a brand-new core finds the failed request in the database', async () => {
    const w = makeWorld();
    const failed = aRequest({ id: testUuid(), status: 'failed' });
    w.repo.seed(failed);
    const restarted = makeWorld({}, { repo: w.repo });
    expect(await restarted.core.retry.execute(click(failed.id))).toMatchObject({ ok: true, created: true });
  });
});
