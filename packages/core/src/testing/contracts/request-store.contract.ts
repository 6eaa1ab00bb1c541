import { describe, expect, it } from 'vitest';
import { RequestNotFoundError } from '../../domain/errors.js';
import { aRequest, testUuid } from '../builders.js';
import { at, repositoryCases, type RepositoryFixture } from './request-contract-setup.js';

/**
 * What every RequestStore must do: rows (create and read), the guarded status moves, the start count and the notification mark.
 * Part of `requestRepositoryContract`; core runs it against the in-memory fake,
 * adapter-postgres against PostgreSQL.
 */
export function requestStoreContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestStore contract: ${name}`, () => {
    const { cx, store } = repositoryCases(setup);

    it('creates a pending request and reads every field back', async () => {
      const request = aRequest({ id: testUuid(), guildId: null, negativePrompt: 'blur', seed: 42, retryOf: null, personGeneration: 'dont_allow' });
      const result = await cx.repo.create(request);
      expect(result).toEqual({ created: true, request });
      expect(await cx.repo.get(request.id)).toEqual(request);
      // An extension: linked to the video it continues, with that video's location and length.
      const extension = aRequest({ id: testUuid(), extendsId: request.id, sourceVideoUri: 'gs://bucket/veo/x/sample_0.mp4', sourceSeconds: 8, durationSeconds: 7 });
      expect(await cx.repo.create(extension)).toEqual({ created: true, request: extension });
      expect(await cx.repo.get(extension.id)).toEqual(extension);
    });
    it('returns null for an unknown id', async () => {
      expect(await cx.repo.get(testUuid())).toBeNull();
    });
    it('Duplicate request creation: same UUID keeps the existing row', async () => {
      const first = await store({ prompt: 'first' });
      const result = await cx.repo.create({ ...first, prompt: 'second' });
      expect(result.created).toBe(false);
      if (!result.created) expect(result.conflict).toBe('id');
      expect(result.request.prompt).toBe('first');
      expect((await cx.repo.get(first.id))?.prompt).toBe('first');
    });
    it('allows one retry per request (retry_of is unique)', async () => {
      const original = await store({ status: 'failed' });
      const retry = await store({ retryOf: original.id });
      const second = await cx.repo.create(aRequest({ id: testUuid(), retryOf: original.id }));
      expect(second.created).toBe(false);
      if (!second.created) expect(second.conflict).toBe('retry_of');
      expect(second.request.id).toBe(retry.id);
      expect((await cx.repo.findRetryOf(original.id))?.id).toBe(retry.id);
      expect(await cx.repo.findRetryOf(retry.id)).toBeNull();
    });
    it('Status transition to generating stores operation_name, started_at and gcs_prefix', async () => {
      const r = await store();
      const result = await cx.repo.transition(r.id, { to: 'generating', at: at(2), operationName: 'ops/1', gcsPrefix: 'gs://b/p/' });
      expect(result.applied).toBe(true);
      expect(result.request).toMatchObject({ status: 'generating', operationName: 'ops/1', gcsPrefix: 'gs://b/p/', startedAt: at(2) });
    });
    it('Successful completion stores video_urls, completed_at and duration_ms', async () => {
      const r = await store({ leaseOwner: 'w1', leaseUntil: at(10) });
      await cx.repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const done = await cx.repo.transition(r.id, { to: 'completed', at: at(3), videoUrls: ['gs://b/v.mp4'] });
      expect(done.request).toMatchObject({ status: 'completed', completedAt: at(3), durationMs: 120_000, videoUrls: ['gs://b/v.mp4'] });
      // The finishing instance keeps the row until the user is told: no second delivery elsewhere.
      expect(done.request.leaseOwner).toBe('w1');
      expect(await cx.repo.markNotified(r.id, at(4), 'delivered')).toBe(true);
      expect(await cx.repo.get(r.id)).toMatchObject({ leaseOwner: null, leaseUntil: null, notifiedAt: at(4) });
    });
    it('Generation failure stores error_message and partial duration', async () => {
      const r = await store();
      await cx.repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const failed = await cx.repo.transition(r.id, { to: 'failed', at: at(1.5), errorMessage: 'bad prompt' });
      expect(failed.request).toMatchObject({ status: 'failed', errorMessage: 'bad prompt', durationMs: 30_000, completedAt: at(1.5) });
    });
    it('a pending request may time out without ever starting (no duration)', async () => {
      const r = await store();
      const result = await cx.repo.transition(r.id, { to: 'timeout', at: at(60), errorMessage: 'Request expired (>24 hours old)' });
      expect(result.request).toMatchObject({ status: 'timeout', durationMs: null, completedAt: at(60) });
    });
    it('Idempotent status updates: same status is a no-op', async () => {
      const r = await store();
      await cx.repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const again = await cx.repo.transition(r.id, { to: 'generating', at: at(5), operationName: 'ops/2' });
      expect(again.applied).toBe(false);
      expect(again.request).toMatchObject({ operationName: 'ops/1', startedAt: at(1) });
    });
    it('Invalid status transition attempt: completed → generating is refused (a value with the row as it stands) and changes nothing', async () => {
      const r = await store();
      await cx.repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      await cx.repo.transition(r.id, { to: 'completed', at: at(2), videoUrls: [] });
      const attempt = cx.repo.transition(r.id, { to: 'generating', at: at(3), operationName: 'ops/9' });
      await expect(attempt).resolves.toMatchObject({ outcome: 'refused', applied: false, request: { id: r.id, status: 'completed', operationName: 'ops/1', completedAt: at(2) } });
      await expect(cx.repo.transition(r.id, { to: 'pending', at: at(3) })).resolves.toMatchObject({ outcome: 'refused', request: { status: 'completed' } });
      await expect(cx.repo.transition(r.id, { to: 'completed', at: at(4), videoUrls: [] })).resolves.toMatchObject({ outcome: 'already', applied: false, request: { completedAt: at(2) } });
      expect(await cx.repo.get(r.id)).toMatchObject({ status: 'completed', operationName: 'ops/1' });
    });
    it('refuses pending → completed (must pass through generating)', async () => {
      const r = await store();
      await expect(cx.repo.transition(r.id, { to: 'completed', at: at(1) })).resolves.toMatchObject({ outcome: 'refused', applied: false, request: { status: 'pending', completedAt: null } });
    });
    it('throws RequestNotFoundError when transitioning an unknown id', async () => {
      await expect(cx.repo.transition(testUuid(), { to: 'generating', at: at(1) })).rejects.toBeInstanceOf(RequestNotFoundError);
    });
    it('two writers racing to finish a request: exactly one wins', async () => {
      const r = await store();
      await cx.repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const writer2 = cx.fx.other ?? cx.repo;
      const results = await Promise.allSettled([
        cx.repo.transition(r.id, { to: 'completed', at: at(2), videoUrls: ['gs://x'] }),
        writer2.transition(r.id, { to: 'timeout', at: at(2), errorMessage: 'late' }),
      ]);
      const applied = results.filter((x) => x.status === 'fulfilled' && x.value.applied);
      expect(applied).toHaveLength(1);
      const final = await cx.repo.get(r.id);
      expect(['completed', 'timeout']).toContain(final?.status);
    });
    it('records start attempts', async () => {
      const r = await store();
      expect(await cx.repo.recordStartAttempt(r.id, at(1))).toBe(true);
      await cx.repo.recordStartAttempt(r.id, at(2));
      expect((await cx.repo.get(r.id))?.attempts).toBe(2);
    });
    it('a start attempt is a fence: not counted when the row is leased to someone else', async () => {
      const r = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      expect(await cx.repo.recordStartAttempt(r.id, at(1), 'me')).toBe(true);
      expect(await cx.repo.recordStartAttempt(r.id, at(1), 'old-owner')).toBe(false);
      expect((await cx.repo.get(r.id))?.attempts).toBe(1);
    });
    it('a start counted again after its answer was lost is counted once (the caller says what it expects)', async () => {
      const r = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      expect(await cx.repo.recordStartAttempt(r.id, at(1), 'me', 0)).toBe(true);
      // The answer was lost: the retry finds the row one past what it expected.
      expect(await cx.repo.recordStartAttempt(r.id, at(2), 'me', 0)).toBe(true);
      expect((await cx.repo.get(r.id))?.attempts).toBe(1);
      expect(await cx.repo.recordStartAttempt(r.id, at(3), 'me', 1)).toBe(true);
      expect((await cx.repo.get(r.id))?.attempts).toBe(2);
      // Another owner is still fenced out, whatever it expects.
      expect(await cx.repo.recordStartAttempt(r.id, at(4), 'old-owner', 1)).toBe(false);
      expect((await cx.repo.get(r.id))?.attempts).toBe(2);
    });
    it('a refused start is taken off the count again, never below zero', async () => {
      const r = await store();
      await cx.repo.recordStartAttempt(r.id, at(1));
      await cx.repo.recordStartAttempt(r.id, at(2));
      await cx.repo.recordStartRefused(r.id, at(3));
      expect((await cx.repo.get(r.id))?.attempts).toBe(1);
      await cx.repo.recordStartRefused(r.id, at(4));
      await cx.repo.recordStartRefused(r.id, at(5));
      expect((await cx.repo.get(r.id))?.attempts).toBe(0);
    });
    it('records a notification only for a finished request (an outcome not stored yet cannot be marked announced)', async () => {
      const running = await store();
      await cx.repo.transition(running.id, { to: 'generating', at: at(1), operationName: 'op' });
      expect(await cx.repo.markNotified(running.id, at(2), 'delivered')).toBe(false);
      expect(await cx.repo.get(running.id)).toMatchObject({ notifiedAt: null, leaseOwner: running.leaseOwner });
      await cx.repo.transition(running.id, { to: 'completed', at: at(3), videoUrls: ['gs://b/v.mp4'] });
      expect(await cx.repo.markNotified(running.id, at(4), 'delivered')).toBe(true);
    });
  });
}
