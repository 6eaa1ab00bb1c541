import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../domain/video-request.js';
import { testUuid } from '../builders.js';
import { at, repositoryCases, type RepositoryFixture } from './request-contract-setup.js';


/**
 * `cancel`: only a request no start was counted for, decided in one guarded write against
 * `recordStartAttempt`. Part of `requestRepositoryContract`.
 */
export function requestCancelContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestRepository contract (cancel): ${name}`, () => {
    const { cx, store: storeRow } = repositoryCases(setup);
    const store = (overrides: Partial<VideoRequest> = {}) => storeRow({ estimatedCostUsd: 3.2, leaseOwner: 'me', leaseUntil: at(1), ...overrides });

    it('a queued request becomes cancelled, costs 0, counts as announced and loses its lease; a second cancel changes nothing', async () => {
      const queued = await store();
      const result = await cx.repo.cancel(queued.id, at(2));
      expect(result).toMatchObject({ cancelled: true, request: { status: 'cancelled', finalCostUsd: 0, completedAt: at(2), notifiedAt: at(2), notifyOutcome: 'delivered', leaseOwner: null, leaseUntil: null, attempts: 0 } });
      expect(await cx.repo.get(queued.id)).toEqual(result.request);
      expect(await cx.repo.cancel(queued.id, at(3))).toEqual({ cancelled: false, request: result.request });
      expect(await cx.repo.findUnnotified()).toEqual([]);
      expect(await cx.repo.findIncomplete()).toEqual([]);
      expect(await cx.repo.findClaimable('other', at(5))).toEqual([]);
      expect(await cx.repo.countRecentByUser(queued.userId, at(-60))).toMatchObject({ count: 0 });
    });

    it('a request with a start counted, generating or finished is not cancelled; an unknown id answers null', async () => {
      const counted = await store();
      expect(await cx.repo.recordStartAttempt(counted.id, at(1), 'me')).toBe(true);
      const generating = await store({ status: 'generating', operationName: 'ops/1', startedAt: at(0), attempts: 1 });
      const done = await store({ status: 'completed', attempts: 1, operationName: 'ops/2', startedAt: at(0), completedAt: at(1), finalCostUsd: 3.2 });
      for (const r of [counted, generating, done]) {
        const result = await cx.repo.cancel(r.id, at(2));
        expect(result.cancelled).toBe(false);
        expect(result.request?.status).toBe(r.status);
        expect(result.request?.status).not.toBe('cancelled');
      }
      expect(await cx.repo.cancel(testUuid(), at(2))).toEqual({ cancelled: false, request: null });
    });

    it('a start refused by Google (the count taken back) may be cancelled again; once cancelled, no start can be counted', async () => {
      const refused = await store();
      await cx.repo.recordStartAttempt(refused.id, at(1), 'me');
      await cx.repo.recordStartRefused(refused.id, at(1));
      expect((await cx.repo.cancel(refused.id, at(2))).cancelled).toBe(true);
      expect(await cx.repo.recordStartAttempt(refused.id, at(3), 'me')).toBe(false);
      expect((await cx.repo.get(refused.id))?.attempts).toBe(0);
      await expect(cx.repo.transition(refused.id, { to: 'generating', at: at(3), operationName: 'ops/late' })).resolves.toMatchObject({ outcome: 'refused', request: { status: 'cancelled', operationName: null } });
    });

    it('racing a start on another instance: exactly one wins, every time', async () => {
      for (let i = 0; i < 10; i++) {
        const r = await store();
        const [cancel, start] = await Promise.allSettled([cx.repo.cancel(r.id, at(2)), cx.repo.recordStartAttempt(r.id, at(2), 'me')]);
        const cancelled = cancel.status === 'fulfilled' && cancel.value.cancelled;
        const started = start.status === 'fulfilled' && start.value === true;
        expect({ i, wins: Number(cancelled) + Number(started) }).toEqual({ i, wins: 1 });
        const row = await cx.repo.get(r.id);
        expect(row?.status).toBe(cancelled ? 'cancelled' : 'pending');
        expect(row?.attempts).toBe(cancelled ? 0 : 1);
      }
    });
  });
}
