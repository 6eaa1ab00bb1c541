import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestNotFoundError } from '../../domain/errors.js';
import type { VideoRequest } from '../../domain/video-request.js';
import type { RequestRepository } from '../../ports/request-repository.js';
import { aRequest, testUuid } from '../builders.js';
import { requestClaimContract } from './request-claim.contract.js';
import { requestCancelContract } from './request-cancel.contract.js';
import { requestImagesContract } from './request-images.contract.js';

// Presence locks are database-wide: names of their own, so runs sharing one server never collide.
const RUN = Math.random().toString(36).slice(2, 8);
const ALIVE = `alive-worker-${RUN}`;
const DYING = `dying-worker-${RUN}`;

/** What a contract run needs: a repository over an empty store, and how to tear it down. */
export interface RepositoryFixture {
  readonly repo: RequestRepository;
  /** A second, independent repository over the same store (another process); optional. */
  readonly other?: RequestRepository;
  /**
   * Presence over the same store, and how a worker's process dies (its presence ends as the
   * server would see it: Postgres drops a dead connection's advisory locks). Optional: without
   * it, the presence cases are skipped.
   */
  readonly presence?: { join(workerId: string): Promise<void>; kill(workerId: string): Promise<void> };
  cleanup?(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/**
 * The behaviour every RequestRepository must have. Core runs it against the in-memory fake,
 * adapter-postgres against a real PostgreSQL: one set of expectations, two worlds.
 */
export function requestRepositoryContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestRepository contract: ${name}`, () => {
    let fx: RepositoryFixture;
    let repo: RequestRepository;
    // Workers named in these cases are live processes (with presence, an unknown owner counts as gone).
    const LIVE = ['me', 'other', 'A', 'B', 'w1'];
    beforeEach(async () => {
      fx = await setup();
      repo = fx.repo;
      for (const id of LIVE) await fx.presence?.join(id);
    });
    afterEach(async () => {
      for (const id of LIVE) await fx.presence?.kill(id);
      await fx.cleanup?.();
    });

    const store = async (overrides: Partial<VideoRequest> = {}) => {
      const request = aRequest({ id: testUuid(), ...overrides });
      const result = await repo.create(request);
      expect(result.created).toBe(true);
      return request;
    };

    it('creates a pending request and reads every field back', async () => {
      const request = aRequest({ id: testUuid(), guildId: null, negativePrompt: 'blur', seed: 42, retryOf: null, personGeneration: 'dont_allow' });
      const result = await repo.create(request);
      expect(result).toEqual({ created: true, request });
      expect(await repo.get(request.id)).toEqual(request);
      // An extension: linked to the video it continues, with that video's location and length.
      const extension = aRequest({ id: testUuid(), extendsId: request.id, sourceVideoUri: 'gs://bucket/veo/x/sample_0.mp4', sourceSeconds: 8, durationSeconds: 7 });
      expect(await repo.create(extension)).toEqual({ created: true, request: extension });
      expect(await repo.get(extension.id)).toEqual(extension);
    });

    it('returns null for an unknown id', async () => {
      expect(await repo.get(testUuid())).toBeNull();
    });

    it('Duplicate request creation: same UUID keeps the existing row', async () => {
      const first = await store({ prompt: 'first' });
      const result = await repo.create({ ...first, prompt: 'second' });
      expect(result.created).toBe(false);
      if (!result.created) expect(result.conflict).toBe('id');
      expect(result.request.prompt).toBe('first');
      expect((await repo.get(first.id))?.prompt).toBe('first');
    });

    it('allows one retry per request (retry_of is unique)', async () => {
      const original = await store({ status: 'failed' });
      const retry = await store({ retryOf: original.id });
      const second = await repo.create(aRequest({ id: testUuid(), retryOf: original.id }));
      expect(second.created).toBe(false);
      if (!second.created) expect(second.conflict).toBe('retry_of');
      expect(second.request.id).toBe(retry.id);
      expect((await repo.findRetryOf(original.id))?.id).toBe(retry.id);
      expect(await repo.findRetryOf(retry.id)).toBeNull();
    });

    it('Status transition to generating stores operation_name, started_at and gcs_prefix', async () => {
      const r = await store();
      const result = await repo.transition(r.id, { to: 'generating', at: at(2), operationName: 'ops/1', gcsPrefix: 'gs://b/p/' });
      expect(result.applied).toBe(true);
      expect(result.request).toMatchObject({ status: 'generating', operationName: 'ops/1', gcsPrefix: 'gs://b/p/', startedAt: at(2) });
    });

    it('Successful completion stores video_urls, completed_at and duration_ms', async () => {
      const r = await store({ leaseOwner: 'w1', leaseUntil: at(10) });
      await repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const done = await repo.transition(r.id, { to: 'completed', at: at(3), videoUrls: ['gs://b/v.mp4'] });
      expect(done.request).toMatchObject({ status: 'completed', completedAt: at(3), durationMs: 120_000, videoUrls: ['gs://b/v.mp4'] });
      // The finishing instance keeps the row until the user is told: no second delivery elsewhere.
      expect(done.request.leaseOwner).toBe('w1');
      expect(await repo.markNotified(r.id, at(4), 'delivered')).toBe(true);
      expect(await repo.get(r.id)).toMatchObject({ leaseOwner: null, leaseUntil: null, notifiedAt: at(4) });
    });

    it('Generation failure stores error_message and partial duration', async () => {
      const r = await store();
      await repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const failed = await repo.transition(r.id, { to: 'failed', at: at(1.5), errorMessage: 'bad prompt' });
      expect(failed.request).toMatchObject({ status: 'failed', errorMessage: 'bad prompt', durationMs: 30_000, completedAt: at(1.5) });
    });

    it('a pending request may time out without ever starting (no duration)', async () => {
      const r = await store();
      const result = await repo.transition(r.id, { to: 'timeout', at: at(60), errorMessage: 'Request expired (>24 hours old)' });
      expect(result.request).toMatchObject({ status: 'timeout', durationMs: null, completedAt: at(60) });
    });

    it('Idempotent status updates: same status is a no-op', async () => {
      const r = await store();
      await repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const again = await repo.transition(r.id, { to: 'generating', at: at(5), operationName: 'ops/2' });
      expect(again.applied).toBe(false);
      expect(again.request).toMatchObject({ operationName: 'ops/1', startedAt: at(1) });
    });

    it('Invalid status transition attempt: completed → generating is refused (a value with the row as it stands) and changes nothing', async () => {
      const r = await store();
      await repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      await repo.transition(r.id, { to: 'completed', at: at(2), videoUrls: [] });
      const attempt = repo.transition(r.id, { to: 'generating', at: at(3), operationName: 'ops/9' });
      await expect(attempt).resolves.toMatchObject({ outcome: 'refused', applied: false, request: { id: r.id, status: 'completed', operationName: 'ops/1', completedAt: at(2) } });
      await expect(repo.transition(r.id, { to: 'pending', at: at(3) })).resolves.toMatchObject({ outcome: 'refused', request: { status: 'completed' } });
      await expect(repo.transition(r.id, { to: 'completed', at: at(4), videoUrls: [] })).resolves.toMatchObject({ outcome: 'already', applied: false, request: { completedAt: at(2) } });
      expect(await repo.get(r.id)).toMatchObject({ status: 'completed', operationName: 'ops/1' });
    });

    it('refuses pending → completed (must pass through generating)', async () => {
      const r = await store();
      await expect(repo.transition(r.id, { to: 'completed', at: at(1) })).resolves.toMatchObject({ outcome: 'refused', applied: false, request: { status: 'pending', completedAt: null } });
    });

    it('throws RequestNotFoundError when transitioning an unknown id', async () => {
      await expect(repo.transition(testUuid(), { to: 'generating', at: at(1) })).rejects.toBeInstanceOf(RequestNotFoundError);
    });

    it('two writers racing to finish a request: exactly one wins', async () => {
      const r = await store();
      await repo.transition(r.id, { to: 'generating', at: at(1), operationName: 'ops/1' });
      const writer2 = fx.other ?? repo;
      const results = await Promise.allSettled([
        repo.transition(r.id, { to: 'completed', at: at(2), videoUrls: ['gs://x'] }),
        writer2.transition(r.id, { to: 'timeout', at: at(2), errorMessage: 'late' }),
      ]);
      const applied = results.filter((x) => x.status === 'fulfilled' && x.value.applied);
      expect(applied).toHaveLength(1);
      const final = await repo.get(r.id);
      expect(['completed', 'timeout']).toContain(final?.status);
    });

    it('records start attempts', async () => {
      const r = await store();
      expect(await repo.recordStartAttempt(r.id, at(1))).toBe(true);
      await repo.recordStartAttempt(r.id, at(2));
      expect((await repo.get(r.id))?.attempts).toBe(2);
    });

    it('a start attempt is a fence: not counted when the row is leased to someone else', async () => {
      const r = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      expect(await repo.recordStartAttempt(r.id, at(1), 'me')).toBe(true);
      expect(await repo.recordStartAttempt(r.id, at(1), 'old-owner')).toBe(false);
      expect((await repo.get(r.id))?.attempts).toBe(1);
    });

    it('a start counted again after its answer was lost is counted once (the caller says what it expects)', async () => {
      const r = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      expect(await repo.recordStartAttempt(r.id, at(1), 'me', 0)).toBe(true);
      // The answer was lost: the retry finds the row one past what it expected.
      expect(await repo.recordStartAttempt(r.id, at(2), 'me', 0)).toBe(true);
      expect((await repo.get(r.id))?.attempts).toBe(1);
      expect(await repo.recordStartAttempt(r.id, at(3), 'me', 1)).toBe(true);
      expect((await repo.get(r.id))?.attempts).toBe(2);
      // Another owner is still fenced out, whatever it expects.
      expect(await repo.recordStartAttempt(r.id, at(4), 'old-owner', 1)).toBe(false);
      expect((await repo.get(r.id))?.attempts).toBe(2);
    });

    it('a refused start is taken off the count again, never below zero', async () => {
      const r = await store();
      await repo.recordStartAttempt(r.id, at(1));
      await repo.recordStartAttempt(r.id, at(2));
      await repo.recordStartRefused(r.id, at(3));
      expect((await repo.get(r.id))?.attempts).toBe(1);
      await repo.recordStartRefused(r.id, at(4));
      await repo.recordStartRefused(r.id, at(5));
      expect((await repo.get(r.id))?.attempts).toBe(0);
    });

    it('releases every lease of one owner at once (graceful stop)', async () => {
      const a = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      const b = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      const other = await store({ leaseOwner: 'other', leaseUntil: at(10) });
      expect(await repo.releaseLeases('me')).toBe(2);
      expect(await repo.get(a.id)).toMatchObject({ leaseOwner: null, leaseUntil: null });
      expect((await repo.get(b.id))?.leaseOwner).toBeNull();
      expect((await repo.get(other.id))?.leaseOwner).toBe('other');
    });

    it('finds what a sweep could take over: free, expired, unannounced finished rows; not its own live rows', async () => {
      const free = await store({ createdAt: at(-5) });
      const mine = await store({ createdAt: at(-4), leaseOwner: 'me', leaseUntil: at(10) });
      await store({ createdAt: at(-3), leaseOwner: 'other', leaseUntil: at(10) });
      const expired = await store({ createdAt: at(-2), leaseOwner: 'gone', leaseUntil: at(-1) });
      const unannounced = await store({ createdAt: at(-1) });
      await repo.transition(unannounced.id, { to: 'failed', at: at(0), errorMessage: 'x' });
      const announced = await store({ createdAt: at(0) });
      await repo.transition(announced.id, { to: 'failed', at: at(0), errorMessage: 'x' });
      await repo.markNotified(announced.id, at(0), 'delivered');
      const found = await repo.findClaimable('me', at(0));
      expect(found.map((r) => r.id)).toEqual([free.id, expired.id, unannounced.id]);
      expect((await repo.findClaimable('me', at(0), 2)).map((r) => r.id)).toEqual([free.id, expired.id]);
      expect((await repo.findClaimable('me', at(11))).map((r) => r.id)).toContain(mine.id);
    });

    it('a row leased to a worker that died is claimable at once; a live worker keeps its rows', async () => {
      if (!fx.presence) return;
      await fx.presence.join(ALIVE);
      await fx.presence.join(DYING);
      const live = await store({ createdAt: at(-2), leaseOwner: ALIVE, leaseUntil: at(60) });
      const orphan = await store({ createdAt: at(-1), leaseOwner: DYING, leaseUntil: at(60) });
      expect(await repo.claim([live.id, orphan.id], { owner: 'me', until: at(5), now: at(0) })).toEqual([]);
      await fx.presence.kill(DYING);
      expect((await repo.findClaimable('me', at(0))).map((r) => r.id)).toEqual([orphan.id]);
      const claimed = await repo.claim([live.id, orphan.id], { owner: 'me', until: at(5), now: at(0) });
      expect(claimed.map((r) => r.id)).toEqual([orphan.id]);
      expect((await repo.get(live.id))?.leaseOwner).toBe(ALIVE);
      await fx.presence.kill(ALIVE);
    });

    it('Fetch pending and generating requests oldest first, whatever their age', async () => {
      const old = await store({ createdAt: at(-3 * 24 * 60) });
      const gen = await store({ createdAt: at(-10) });
      await repo.transition(gen.id, { to: 'generating', at: at(-9), operationName: 'ops/g' });
      const newest = await store({ createdAt: at(0) });
      const done = await store({ createdAt: at(-5) });
      await repo.transition(done.id, { to: 'failed', at: at(-4), errorMessage: 'x' });
      const found = await repo.findIncomplete();
      expect(found.map((r) => r.id)).toEqual([old.id, gen.id, newest.id]);
      expect((await repo.findIncomplete(1)).map((r) => r.id)).toEqual([old.id]);
    });

    it('records a notification only for a finished request (an outcome not stored yet cannot be marked announced)', async () => {
      const running = await store();
      await repo.transition(running.id, { to: 'generating', at: at(1), operationName: 'op' });
      expect(await repo.markNotified(running.id, at(2), 'delivered')).toBe(false);
      expect(await repo.get(running.id)).toMatchObject({ notifiedAt: null, leaseOwner: running.leaseOwner });
      await repo.transition(running.id, { to: 'completed', at: at(3), videoUrls: ['gs://b/v.mp4'] });
      expect(await repo.markNotified(running.id, at(4), 'delivered')).toBe(true);
    });

    it('finds finished requests whose notification was never recorded', async () => {
      const a = await store({ createdAt: at(-2) });
      const b = await store({ createdAt: at(-1) });
      await store({ createdAt: at(0) });
      await repo.transition(a.id, { to: 'failed', at: at(1), errorMessage: 'x' });
      await repo.transition(b.id, { to: 'timeout', at: at(1), errorMessage: 'y' });
      expect((await repo.findUnnotified()).map((r) => r.id)).toEqual([a.id, b.id]);
      expect(await repo.markNotified(a.id, at(2), 'delivered')).toBe(true);
      expect(await repo.markNotified(a.id, at(3), 'delivered')).toBe(false);
      expect((await repo.get(a.id))?.notifiedAt).toEqual(at(2));
      expect(await repo.markNotified(b.id, at(2), 'undeliverable')).toBe(true);
      expect((await repo.get(b.id))?.notifyOutcome).toBe('undeliverable');
      expect(await repo.findUnnotified()).toEqual([]);
    });

    it('claims free rows, skips rows leased by a live worker, takes over expired leases', async () => {
      const free = await store();
      const heldByOther = await store({ leaseOwner: 'other', leaseUntil: at(10) });
      const expired = await store({ leaseOwner: 'dead', leaseUntil: at(-1) });
      const claimed = await repo.claim([free.id, heldByOther.id, expired.id], { owner: 'me', until: at(5), now: at(0) });
      expect(claimed.map((r) => r.id).sort()).toEqual([free.id, expired.id].sort());
      expect(claimed.every((r) => r.leaseOwner === 'me' && r.leaseUntil?.getTime() === at(5).getTime())).toBe(true);
      expect((await repo.get(heldByOther.id))?.leaseOwner).toBe('other');
      expect(await repo.claim([heldByOther.id], { owner: 'me', until: at(20), now: at(11) })).toHaveLength(1);
    });

    it('renews and releases only its own lease', async () => {
      const r = await store({ leaseOwner: 'me', leaseUntil: at(1) });
      expect(await repo.renewLease(r.id, { owner: 'me', until: at(9), now: at(0) })).toBe(true);
      expect(await repo.renewLease(r.id, { owner: 'intruder', until: at(99), now: at(0) })).toBe(false);
      await repo.releaseLease(r.id, 'intruder');
      expect((await repo.get(r.id))?.leaseUntil).toEqual(at(9));
      const other = await store({ leaseOwner: 'other', leaseUntil: at(1) });
      expect(await repo.renewLeases([r.id, other.id, testUuid()], { owner: 'me', until: at(12), now: at(0) })).toEqual([r.id]);
      expect((await repo.get(r.id))?.leaseUntil).toEqual(at(12));
      expect((await repo.get(other.id))?.leaseUntil).toEqual(at(1));
      await repo.releaseLease(r.id, 'me');
      expect(await repo.get(r.id)).toMatchObject({ leaseOwner: null, leaseUntil: null });
    });

    it('two workers claiming the same rows at once never share a row', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await store({ createdAt: at(i) })).id);
      const second = fx.other ?? repo;
      const [a, b] = await Promise.all([
        repo.claim(ids, { owner: 'A', until: at(60), now: at(0) }),
        second.claim([...ids].reverse(), { owner: 'B', until: at(60), now: at(0) }),
      ]);
      const claimedA = new Set(a.map((r) => r.id));
      expect(b.filter((r) => claimedA.has(r.id))).toEqual([]);
      expect(a.length + b.length).toBe(20);
    });

    it('counts a user\'s recent requests, leaving out failures and timeouts', async () => {
      await store({ userId: 'u', createdAt: at(-25 * 60) });
      const kept = await store({ userId: 'u', createdAt: at(-60) });
      await store({ userId: 'u', createdAt: at(-30) });
      const failed = await store({ userId: 'u', createdAt: at(-20) });
      await repo.transition(failed.id, { to: 'failed', at: at(-19), errorMessage: 'x' });
      await store({ userId: 'someone-else', createdAt: at(-10) });
      const elsewhere = await store({ userId: 'u', guildId: 'other-guild', createdAt: at(-5) });
      expect(await repo.countRecentByUser('u', at(-24 * 60))).toEqual({ count: 3, oldest: kept.createdAt });
      expect(await repo.countRecentByUser('u', at(-24 * 60), 'other-guild')).toEqual({ count: 1, oldest: elsewhere.createdAt });
      expect(await repo.countRecentByUser('nobody', at(-24 * 60))).toEqual({ count: 0, oldest: null });
    });

    it('Query user request history: newest first, paginated, filtered by status', async () => {
      const made: VideoRequest[] = [];
      for (let i = 0; i < 5; i++) made.push(await store({ userId: 'hist', createdAt: at(i) }));
      await store({ userId: 'other', createdAt: at(10) });
      await repo.transition(made[1]!.id, { to: 'failed', at: at(20), errorMessage: 'x' });
      const page = await repo.userHistory({ userId: 'hist', limit: 2, offset: 1 });
      expect(page.total).toBe(5);
      expect(page.items.map((r) => r.id)).toEqual([made[3]!.id, made[2]!.id]);
      const failedOnly = await repo.userHistory({ userId: 'hist', status: 'failed', limit: 10, offset: 0 });
      expect(failedOnly.items.map((r) => r.id)).toEqual([made[1]!.id]);
      expect(failedOnly.total).toBe(1);
    });

    it('Query guild statistics: counts by status, average duration, top prompts, buckets', async () => {
      const day1 = Date.UTC(2026, 10, 20, 10);
      const day2 = Date.UTC(2026, 10, 21, 10);
      const mk = async (createdAt: number, prompt: string, end: 'completed' | 'failed' | null, seconds = 60, userId = 'u1') => {
        const r = await store({ guildId: 'g-stats', createdAt: new Date(createdAt), prompt, userId });
        if (!end) return;
        await repo.transition(r.id, { to: 'generating', at: new Date(createdAt), operationName: 'ops' });
        await repo.transition(r.id, end === 'completed' ? { to: 'completed', at: new Date(createdAt + seconds * 1000), videoUrls: [] } : { to: 'failed', at: new Date(createdAt + seconds * 1000), errorMessage: 'x' });
      };
      await mk(day1, 'cat', 'completed', 60);
      await mk(day1, 'cat', 'completed', 120, 'u2');
      await mk(day2, 'dog', 'failed', 10);
      await mk(day2, 'cat', null);
      await store({ guildId: 'elsewhere', createdAt: new Date(day1) });
      const stats = await repo.guildStats({ guildId: 'g-stats', period: 'day', since: new Date(Date.UTC(2026, 10, 1)), until: new Date(Date.UTC(2026, 11, 1)) });
      expect(stats.total).toBe(4);
      expect(stats.counts).toEqual({ pending: 1, generating: 0, completed: 2, failed: 1, timeout: 0, cancelled: 0 });
      expect(stats.averageDurationMs).toBe(90_000);
      expect(stats.p95DurationMs).toBeCloseTo(117_000, -2);
      expect(stats.topPrompts[0]).toEqual({ prompt: 'cat', count: 3 });
      expect(stats.topPrompts[1]).toEqual({ prompt: 'dog', count: 1 });
      expect(stats.topUsers[0]).toEqual({ userId: 'u1', count: 3 });
      expect(stats.buckets.map((b) => b.start.toISOString())).toEqual(['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z']);
      expect(stats.buckets[1]?.counts).toMatchObject({ failed: 1, pending: 1 });
      const weekly = await repo.guildStats({ guildId: 'g-stats', period: 'week', since: new Date(Date.UTC(2026, 10, 1)), until: new Date(Date.UTC(2026, 11, 1)) });
      expect(weekly.buckets.map((b) => b.start.toISOString())).toEqual(['2026-11-16T00:00:00.000Z']);
      const empty = await repo.guildStats({ guildId: 'nobody', period: 'month', since: new Date(0), until: at(0) });
      expect(empty).toMatchObject({ total: 0, averageDurationMs: null, p95DurationMs: null, topPrompts: [], buckets: [] });
    });

    it('Global status dashboard: last-24h counts, latency percentiles, failure rate', async () => {
      await store({ createdAt: at(-48 * 60) });
      for (let i = 1; i <= 4; i++) {
        const r = await store({ createdAt: at(-60) });
        await repo.transition(r.id, { to: 'generating', at: at(-60), operationName: 'ops' });
        await repo.transition(r.id, i === 4 ? { to: 'timeout', at: at(-50), errorMessage: 't' } : { to: 'completed', at: new Date(at(-60).getTime() + i * 10_000), videoUrls: [] });
      }
      const d = await repo.dashboard(at(-24 * 60));
      expect(d.total).toBe(4);
      expect(d.counts).toMatchObject({ completed: 3, timeout: 1, pending: 0 });
      expect(d.latencyMs.p50).toBeCloseTo(20_000);
      expect(d.latencyMs.p99).toBeCloseTo(29_800);
      expect(d.failureRatePercent).toBe(25);
    });

    it('deletes finished requests older than the cutoff in batches, never incomplete ones', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await store({ createdAt: at(-10_000 - i) });
        await repo.transition(r.id, { to: 'failed', at: at(-9_000), errorMessage: 'x' });
      }
      const stillPending = await store({ createdAt: at(-10_000) });
      const recent = await store({ createdAt: at(0) });
      await repo.transition(recent.id, { to: 'failed', at: at(1), errorMessage: 'x' });
      expect(await repo.countOlderThan(at(-100))).toBe(3);
      expect(await repo.deleteOlderThan(at(-100), 2)).toBe(2);
      expect(await repo.deleteOlderThan(at(-100), 2)).toBe(1);
      expect(await repo.deleteOlderThan(at(-100), 2)).toBe(0);
      expect(await repo.get(stillPending.id)).not.toBeNull();
      expect(await repo.get(recent.id)).not.toBeNull();
    });
  });
  requestClaimContract(name, setup);
  requestCancelContract(name, setup);
  requestImagesContract(name, setup);
}
