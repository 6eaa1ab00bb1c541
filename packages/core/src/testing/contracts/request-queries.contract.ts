import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../domain/video-request.js';
import { at, repositoryCases, type RepositoryFixture } from './request-contract-setup.js';

/**
 * What every RequestQueries must do: history, statistics, the dashboard and the per-user count.
 * Part of `requestRepositoryContract`; core runs it against the in-memory fake,
 * adapter-postgres against PostgreSQL.
 */
export function requestQueriesContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestQueries contract: ${name}`, () => {
    const { cx, store } = repositoryCases(setup);

    it('counts a user\'s recent requests, leaving out failures and timeouts', async () => {
      await store({ userId: 'u', createdAt: at(-25 * 60) });
      const kept = await store({ userId: 'u', createdAt: at(-60) });
      await store({ userId: 'u', createdAt: at(-30) });
      const failed = await store({ userId: 'u', createdAt: at(-20) });
      await cx.repo.transition(failed.id, { to: 'failed', at: at(-19), errorMessage: 'x' });
      await store({ userId: 'someone-else', createdAt: at(-10) });
      const elsewhere = await store({ userId: 'u', guildId: 'other-guild', createdAt: at(-5) });
      expect(await cx.repo.countRecentByUser('u', at(-24 * 60))).toEqual({ count: 3, oldest: kept.createdAt });
      expect(await cx.repo.countRecentByUser('u', at(-24 * 60), 'other-guild')).toEqual({ count: 1, oldest: elsewhere.createdAt });
      expect(await cx.repo.countRecentByUser('nobody', at(-24 * 60))).toEqual({ count: 0, oldest: null });
    });
    it('a cancelled request counts neither against the daily limit nor in the failure rate (RTY-12)', async () => {
      const done = await store({ userId: 'c', createdAt: at(-30) });
      await cx.repo.transition(done.id, { to: 'generating', at: at(-29), operationName: 'ops/c' });
      await cx.repo.transition(done.id, { to: 'completed', at: at(-28), videoUrls: ['gs://b/c.mp4'] });
      const queued = await store({ userId: 'c', createdAt: at(-20) });
      expect(await cx.repo.countRecentByUser('c', at(-60))).toMatchObject({ count: 2 });
      expect((await cx.repo.cancel(queued.id, at(-19))).cancelled).toBe(true);
      expect(await cx.repo.countRecentByUser('c', at(-60))).toEqual({ count: 1, oldest: done.createdAt });
      const dashboard = await cx.repo.dashboard(at(-60));
      expect(dashboard.counts).toMatchObject({ completed: 1, cancelled: 1 });
      expect(dashboard.failureRatePercent).toBe(0);
    });

    it('Query user request history: newest first, paginated, filtered by status', async () => {
      const made: VideoRequest[] = [];
      for (let i = 0; i < 5; i++) made.push(await store({ userId: 'hist', createdAt: at(i) }));
      await store({ userId: 'other', createdAt: at(10) });
      await cx.repo.transition(made[1]!.id, { to: 'failed', at: at(20), errorMessage: 'x' });
      const page = await cx.repo.userHistory({ userId: 'hist', limit: 2, offset: 1 });
      expect(page.total).toBe(5);
      expect(page.items.map((r) => r.id)).toEqual([made[3]!.id, made[2]!.id]);
      const failedOnly = await cx.repo.userHistory({ userId: 'hist', status: 'failed', limit: 10, offset: 0 });
      expect(failedOnly.items.map((r) => r.id)).toEqual([made[1]!.id]);
      expect(failedOnly.total).toBe(1);
    });
    it('Query guild statistics: counts by status, average duration, top prompts, buckets', async () => {
      const day1 = Date.UTC(2026, 10, 20, 10);
      const day2 = Date.UTC(2026, 10, 21, 10);
      const mk = async (createdAt: number, prompt: string, end: 'completed' | 'failed' | null, seconds = 60, userId = 'u1') => {
        const r = await store({ guildId: 'g-stats', createdAt: new Date(createdAt), prompt, userId });
        if (!end) return;
        await cx.repo.transition(r.id, { to: 'generating', at: new Date(createdAt), operationName: 'ops' });
        await cx.repo.transition(r.id, end === 'completed' ? { to: 'completed', at: new Date(createdAt + seconds * 1000), videoUrls: [] } : { to: 'failed', at: new Date(createdAt + seconds * 1000), errorMessage: 'x' });
      };
      await mk(day1, 'cat', 'completed', 60);
      await mk(day1, 'cat', 'completed', 120, 'u2');
      await mk(day2, 'dog', 'failed', 10);
      await mk(day2, 'cat', null);
      await store({ guildId: 'elsewhere', createdAt: new Date(day1) });
      const stats = await cx.repo.guildStats({ guildId: 'g-stats', period: 'day', since: new Date(Date.UTC(2026, 10, 1)), until: new Date(Date.UTC(2026, 11, 1)) });
      expect(stats.total).toBe(4);
      expect(stats.counts).toEqual({ pending: 1, generating: 0, completed: 2, failed: 1, timeout: 0, cancelled: 0 });
      expect(stats.averageDurationMs).toBe(90_000);
      expect(stats.p95DurationMs).toBeCloseTo(117_000, -2);
      expect(stats.topPrompts[0]).toEqual({ prompt: 'cat', count: 3 });
      expect(stats.topPrompts[1]).toEqual({ prompt: 'dog', count: 1 });
      expect(stats.topUsers[0]).toEqual({ userId: 'u1', count: 3 });
      expect(stats.buckets.map((b) => b.start.toISOString())).toEqual(['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z']);
      expect(stats.buckets[1]?.counts).toMatchObject({ failed: 1, pending: 1 });
      const weekly = await cx.repo.guildStats({ guildId: 'g-stats', period: 'week', since: new Date(Date.UTC(2026, 10, 1)), until: new Date(Date.UTC(2026, 11, 1)) });
      expect(weekly.buckets.map((b) => b.start.toISOString())).toEqual(['2026-11-16T00:00:00.000Z']);
      const empty = await cx.repo.guildStats({ guildId: 'nobody', period: 'month', since: new Date(0), until: at(0) });
      expect(empty).toMatchObject({ total: 0, averageDurationMs: null, p95DurationMs: null, topPrompts: [], buckets: [] });
    });
    it('Global status dashboard: last-24h counts, latency percentiles, failure rate', async () => {
      await store({ createdAt: at(-48 * 60) });
      for (let i = 1; i <= 4; i++) {
        const r = await store({ createdAt: at(-60) });
        await cx.repo.transition(r.id, { to: 'generating', at: at(-60), operationName: 'ops' });
        await cx.repo.transition(r.id, i === 4 ? { to: 'timeout', at: at(-50), errorMessage: 't' } : { to: 'completed', at: new Date(at(-60).getTime() + i * 10_000), videoUrls: [] });
      }
      const d = await cx.repo.dashboard(at(-24 * 60));
      expect(d.total).toBe(4);
      expect(d.counts).toMatchObject({ completed: 3, timeout: 1, pending: 0 });
      expect(d.latencyMs.p50).toBeCloseTo(20_000);
      expect(d.latencyMs.p99).toBeCloseTo(29_800);
      expect(d.failureRatePercent).toBe(25);
    });
  });
}
