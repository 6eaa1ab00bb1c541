import { describe, expect, it } from 'vitest';
import { testUuid } from '../builders.js';
import { at, repositoryCases, type RepositoryFixture, ALIVE, DYING } from './request-contract-setup.js';

/**
 * What every RequestLeases must do: the resume reads, the takeover sweep's candidates and the leases.
 * Part of `requestRepositoryContract`; core runs it against the in-memory fake,
 * adapter-postgres against PostgreSQL.
 */
export function requestLeasesContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestLeases contract: ${name}`, () => {
    const { cx, store } = repositoryCases(setup);

    it('releases every lease of one owner at once (graceful stop)', async () => {
      const a = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      const b = await store({ leaseOwner: 'me', leaseUntil: at(10) });
      const other = await store({ leaseOwner: 'other', leaseUntil: at(10) });
      expect(await cx.repo.releaseLeases('me')).toBe(2);
      expect(await cx.repo.get(a.id)).toMatchObject({ leaseOwner: null, leaseUntil: null });
      expect((await cx.repo.get(b.id))?.leaseOwner).toBeNull();
      expect((await cx.repo.get(other.id))?.leaseOwner).toBe('other');
    });
    it('finds what a sweep could take over: free, expired, unannounced finished rows; not its own live rows', async () => {
      const free = await store({ createdAt: at(-5) });
      const mine = await store({ createdAt: at(-4), leaseOwner: 'me', leaseUntil: at(10) });
      await store({ createdAt: at(-3), leaseOwner: 'other', leaseUntil: at(10) });
      const expired = await store({ createdAt: at(-2), leaseOwner: 'gone', leaseUntil: at(-1) });
      const unannounced = await store({ createdAt: at(-1) });
      await cx.repo.transition(unannounced.id, { to: 'failed', at: at(0), errorMessage: 'x' });
      const announced = await store({ createdAt: at(0) });
      await cx.repo.transition(announced.id, { to: 'failed', at: at(0), errorMessage: 'x' });
      await cx.repo.markNotified(announced.id, at(0), 'delivered');
      const found = await cx.repo.findClaimable('me', at(0));
      expect(found.map((r) => r.id)).toEqual([free.id, expired.id, unannounced.id]);
      expect((await cx.repo.findClaimable('me', at(0), 2)).map((r) => r.id)).toEqual([free.id, expired.id]);
      expect((await cx.repo.findClaimable('me', at(11))).map((r) => r.id)).toContain(mine.id);
    });
    it('a row leased to a worker that died is claimable at once; a live worker keeps its rows', async () => {
      if (!cx.fx.presence) return;
      await cx.fx.presence.join(ALIVE);
      await cx.fx.presence.join(DYING);
      const live = await store({ createdAt: at(-2), leaseOwner: ALIVE, leaseUntil: at(60) });
      const orphan = await store({ createdAt: at(-1), leaseOwner: DYING, leaseUntil: at(60) });
      expect(await cx.repo.claim([live.id, orphan.id], { owner: 'me', until: at(5), now: at(0) })).toEqual([]);
      await cx.fx.presence.kill(DYING);
      expect((await cx.repo.findClaimable('me', at(0))).map((r) => r.id)).toEqual([orphan.id]);
      const claimed = await cx.repo.claim([live.id, orphan.id], { owner: 'me', until: at(5), now: at(0) });
      expect(claimed.map((r) => r.id)).toEqual([orphan.id]);
      expect((await cx.repo.get(live.id))?.leaseOwner).toBe(ALIVE);
      await cx.fx.presence.kill(ALIVE);
    });
    it('Fetch pending and generating requests oldest first, whatever their age', async () => {
      const old = await store({ createdAt: at(-3 * 24 * 60) });
      const gen = await store({ createdAt: at(-10) });
      await cx.repo.transition(gen.id, { to: 'generating', at: at(-9), operationName: 'ops/g' });
      const newest = await store({ createdAt: at(0) });
      const done = await store({ createdAt: at(-5) });
      await cx.repo.transition(done.id, { to: 'failed', at: at(-4), errorMessage: 'x' });
      const found = await cx.repo.findIncomplete();
      expect(found.map((r) => r.id)).toEqual([old.id, gen.id, newest.id]);
      expect((await cx.repo.findIncomplete(1)).map((r) => r.id)).toEqual([old.id]);
    });
    it('finds finished requests whose notification was never recorded', async () => {
      const a = await store({ createdAt: at(-2) });
      const b = await store({ createdAt: at(-1) });
      await store({ createdAt: at(0) });
      await cx.repo.transition(a.id, { to: 'failed', at: at(1), errorMessage: 'x' });
      await cx.repo.transition(b.id, { to: 'timeout', at: at(1), errorMessage: 'y' });
      expect((await cx.repo.findUnnotified()).map((r) => r.id)).toEqual([a.id, b.id]);
      expect(await cx.repo.markNotified(a.id, at(2), 'delivered')).toBe(true);
      expect(await cx.repo.markNotified(a.id, at(3), 'delivered')).toBe(false);
      expect((await cx.repo.get(a.id))?.notifiedAt).toEqual(at(2));
      expect(await cx.repo.markNotified(b.id, at(2), 'undeliverable')).toBe(true);
      expect((await cx.repo.get(b.id))?.notifyOutcome).toBe('undeliverable');
      expect(await cx.repo.findUnnotified()).toEqual([]);
    });
    it('claims free rows, skips rows leased by a live worker, takes over expired leases', async () => {
      const free = await store();
      const heldByOther = await store({ leaseOwner: 'other', leaseUntil: at(10) });
      const expired = await store({ leaseOwner: 'dead', leaseUntil: at(-1) });
      const claimed = await cx.repo.claim([free.id, heldByOther.id, expired.id], { owner: 'me', until: at(5), now: at(0) });
      expect(claimed.map((r) => r.id).sort()).toEqual([free.id, expired.id].sort());
      expect(claimed.every((r) => r.leaseOwner === 'me' && r.leaseUntil?.getTime() === at(5).getTime())).toBe(true);
      expect((await cx.repo.get(heldByOther.id))?.leaseOwner).toBe('other');
      expect(await cx.repo.claim([heldByOther.id], { owner: 'me', until: at(20), now: at(11) })).toHaveLength(1);
    });
    it('renews and releases only its own lease', async () => {
      const r = await store({ leaseOwner: 'me', leaseUntil: at(1) });
      expect(await cx.repo.renewLease(r.id, { owner: 'me', until: at(9), now: at(0) })).toBe(true);
      expect(await cx.repo.renewLease(r.id, { owner: 'intruder', until: at(99), now: at(0) })).toBe(false);
      await cx.repo.releaseLease(r.id, 'intruder');
      expect((await cx.repo.get(r.id))?.leaseUntil).toEqual(at(9));
      const other = await store({ leaseOwner: 'other', leaseUntil: at(1) });
      expect(await cx.repo.renewLeases([r.id, other.id, testUuid()], { owner: 'me', until: at(12), now: at(0) })).toEqual([r.id]);
      expect((await cx.repo.get(r.id))?.leaseUntil).toEqual(at(12));
      expect((await cx.repo.get(other.id))?.leaseUntil).toEqual(at(1));
      await cx.repo.releaseLease(r.id, 'me');
      expect(await cx.repo.get(r.id)).toMatchObject({ leaseOwner: null, leaseUntil: null });
    });
    it('two workers claiming the same rows at once never share a row', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await store({ createdAt: at(i) })).id);
      const second = cx.fx.other ?? cx.repo;
      const [a, b] = await Promise.all([
        cx.repo.claim(ids, { owner: 'A', until: at(60), now: at(0) }),
        second.claim([...ids].reverse(), { owner: 'B', until: at(60), now: at(0) }),
      ]);
      const claimedA = new Set(a.map((r) => r.id));
      expect(b.filter((r) => claimedA.has(r.id))).toEqual([]);
      expect(a.length + b.length).toBe(20);
    });
  });
}
