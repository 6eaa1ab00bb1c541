import { describe, expect, it } from 'vitest';
import type { VideoRequest } from '../../domain/video-request.js';
import type { RequestRepository } from '../../ports/request-repository.js';
import { at, repositoryCases, type RepositoryFixture } from './request-contract-setup.js';

// Presence locks are database-wide: names of their own, so runs sharing one server never collide.
const RUN = Math.random().toString(36).slice(2, 8);
const DYING = `dying-worker-${RUN}`;


/**
 * `claimNext`: the takeover sweep's find-then-claim as one atomic step — the same rows
 * `findClaimable` names, the same lease `claim` writes. Part of `requestRepositoryContract`.
 */
export function requestClaimContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestRepository contract (claimNext): ${name}`, () => {
    const { cx, store } = repositoryCases(setup);
    const leased = (r: VideoRequest, owner: string, until: Date): VideoRequest => ({ ...r, leaseOwner: owner, leaseUntil: until });

    it('claims the oldest rows findClaimable names (free, expired, unannounced finished) and returns them whole, oldest first', async () => {
      const free = await store({ createdAt: at(-6) });
      const mine = await store({ createdAt: at(-5), leaseOwner: 'me', leaseUntil: at(10) });
      const others = await store({ createdAt: at(-4), leaseOwner: 'other', leaseUntil: at(10) });
      const expired = await store({ createdAt: at(-3), leaseOwner: 'other', leaseUntil: at(-1) });
      const unannounced = await store({ createdAt: at(-2) });
      const failed = (await cx.repo.transition(unannounced.id, { to: 'failed', at: at(0), errorMessage: 'x' })).request;
      const announced = await store({ createdAt: at(-1) });
      await cx.repo.transition(announced.id, { to: 'timeout', at: at(0), errorMessage: 'y' });
      await cx.repo.markNotified(announced.id, at(0), 'delivered');
      const expected = (await cx.repo.findClaimable('me', at(0))).map((r) => r.id);
      expect(expected).toEqual([free.id, expired.id, unannounced.id]);

      const lease = { owner: 'me', until: at(5), now: at(0) };
      expect(await cx.repo.claimNext(lease, 2)).toEqual([leased(free, 'me', at(5)), leased(expired, 'me', at(5))]);
      expect(await cx.repo.claimNext(lease, 10)).toEqual([leased(failed, 'me', at(5))]);
      expect(await cx.repo.claimNext(lease, 10)).toEqual([]);
      expect(await cx.repo.get(free.id)).toEqual(leased(free, 'me', at(5)));
      expect(await cx.repo.get(mine.id)).toMatchObject({ leaseOwner: 'me', leaseUntil: at(10) });
      expect(await cx.repo.get(others.id)).toMatchObject({ leaseOwner: 'other', leaseUntil: at(10) });
      expect((await cx.repo.get(announced.id))?.leaseOwner).toBeNull();
    });

    it('takes its own and other workers\' rows once their lease has run out, not before', async () => {
      const mine = await store({ createdAt: at(-2), leaseOwner: 'me', leaseUntil: at(10) });
      const others = await store({ createdAt: at(-1), leaseOwner: 'other', leaseUntil: at(10) });
      expect(await cx.repo.claimNext({ owner: 'me', until: at(20), now: at(9) }, 10)).toEqual([]);
      expect(await cx.repo.claimNext({ owner: 'me', until: at(20), now: at(10) }, 10)).toEqual([leased(mine, 'me', at(20)), leased(others, 'me', at(20))]);
      expect(await cx.repo.renewLease(others.id, { owner: 'other', until: at(30), now: at(10) })).toBe(false);
    });

    it('a row leased to a worker that died is claimed at once; a live worker keeps its rows', async () => {
      if (!cx.fx.presence) return;
      await cx.fx.presence.join(DYING);
      const live = await store({ createdAt: at(-2), leaseOwner: 'other', leaseUntil: at(60) });
      const orphan = await store({ createdAt: at(-1), leaseOwner: DYING, leaseUntil: at(60) });
      const lease = { owner: 'me', until: at(5), now: at(0) };
      expect(await cx.repo.claimNext(lease, 10)).toEqual([]);
      await cx.fx.presence.kill(DYING);
      expect(await cx.repo.claimNext(lease, 10)).toEqual([leased(orphan, 'me', at(5))]);
      expect(await cx.repo.get(live.id)).toMatchObject({ leaseOwner: 'other', leaseUntil: at(60) });
    });

    it('two workers claiming at once never share a row and together take every row', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await store({ createdAt: at(i) })).id);
      const drain = async (worker: RequestRepository, owner: string) => {
        const got: string[] = [];
        for (let batch = await worker.claimNext({ owner, until: at(60), now: at(0) }, 4); batch.length > 0; batch = await worker.claimNext({ owner, until: at(60), now: at(0) }, 4)) {
          got.push(...batch.map((r) => r.id));
        }
        return got;
      };
      const [a, b] = await Promise.all([drain(cx.repo, 'A'), drain(cx.fx.other ?? cx.repo, 'B')]);
      expect(a.filter((id) => b.includes(id))).toEqual([]);
      expect([...a, ...b].sort()).toEqual([...ids].sort());
      for (const id of a) expect((await cx.repo.get(id))?.leaseOwner).toBe('A');
      for (const id of b) expect((await cx.repo.get(id))?.leaseOwner).toBe('B');
    });
  });
}
