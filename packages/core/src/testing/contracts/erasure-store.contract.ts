import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_CAPS, spendWindows } from '../../domain/budget.js';
import type { VideoRequest } from '../../domain/video-request.js';
import type { BudgetLedger } from '../../ports/budget-ledger.js';
import type { ErasureStore } from '../../ports/erasure-store.js';
import type { RequestRepository } from '../../ports/request-repository.js';
import { aRequest, testUuid } from '../builders.js';
import { aTestImage } from '../images.js';
import { NO_IMAGES, firstFrameOnly } from '../../domain/request-images.js';

/** One store seen through its three ports (Postgres: one pool; in memory: one repository). */
export interface ErasureFixture {
  readonly repo: RequestRepository;
  readonly ledger: BudgetLedger;
  readonly erasure: ErasureStore;
  cleanup?(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const W = spendWindows(at(0));
const image = firstFrameOnly({ bytes: aTestImage('image/png', { width: 512, height: 512 }), mimeType: 'image/png' as const, width: 512, height: 512 });
/** First and last frame: an erasure deletes every role (the count is of images, not of requests with one). */
const framed = { ...image, last: { bytes: aTestImage('image/png', { width: 512, height: 512, fill: 7 }), mimeType: 'image/png' as const, width: 512, height: 512 } };

/** A user with one request of each kind an erasure meets, and a bystander in the same guild. */
async function seedUser(repo: RequestRepository): Promise<{ done: VideoRequest; running: VideoRequest; queued: VideoRequest; other: VideoRequest }> {
  const done = aRequest({ id: testUuid(), userId: 'u-forget', prompt: 'my secret idea', createdAt: at(-30), estimatedCostUsd: 3.2 });
  await repo.create(done, image);
  await repo.transition(done.id, { to: 'generating', at: at(-29), operationName: 'ops/done', gcsPrefix: `gs://b/veo/${done.id}/` });
  await repo.transition(done.id, { to: 'completed', at: at(-28), videoUrls: [`gs://b/veo/${done.id}/sample_0.mp4`] });
  await repo.markNotified(done.id, at(-28), 'delivered');
  const running = aRequest({ id: testUuid(), userId: 'u-forget', createdAt: at(-2), estimatedCostUsd: 1.6, negativePrompt: 'no cats', seed: 42, leaseOwner: 'other-instance', leaseUntil: at(60) });
  await repo.create(running);
  await repo.recordStartAttempt(running.id, at(-2), 'other-instance');
  await repo.transition(running.id, { to: 'generating', at: at(-2), operationName: 'ops/running', gcsPrefix: `gs://b/veo/${running.id}/` });
  const queued = aRequest({ id: testUuid(), userId: 'u-forget', createdAt: at(-1), estimatedCostUsd: 0.8 });
  await repo.create(queued, framed);
  const other = aRequest({ id: testUuid(), userId: 'u-stays', createdAt: at(-1), estimatedCostUsd: 2 });
  await repo.create(other, image);
  return { done, running, queued, other };
}

/** Forgetting a user and purging storage: the same expectations of Postgres and of the in-memory fake. */
export function erasureStoreContract(name: string, setup: () => Promise<ErasureFixture>): void {
  describe(`ErasureStore contract: ${name}`, () => {
    let fx: ErasureFixture;
    beforeEach(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    it('counts what is stored about a user without changing anything', async () => {
      await seedUser(fx.repo);
      await fx.ledger.setGuildBudget({ guildId: 'guild-1', caps: NO_CAPS, updatedBy: 'u-forget', updatedAt: at(-5) });
      const counts = { requests: 3, inFlight: 2, images: 3, videos: 1, budgetEdits: 1 };
      expect(await fx.erasure.countUserData('u-forget')).toEqual(counts);
      expect(await fx.erasure.countUserData('u-forget')).toEqual(counts);
      expect(await fx.erasure.countQueuedPurges()).toBe(0);
      expect(await fx.erasure.countUserData('nobody')).toEqual({ requests: 0, inFlight: 0, images: 0, videos: 0, budgetEdits: 0 });
    });

    it('forget cancels in-flight requests, strips every row and image, keeps spend, and is idempotent', async () => {
      const { done, running, queued, other } = await seedUser(fx.repo);
      await fx.ledger.setGuildBudget({ guildId: 'guild-1', caps: NO_CAPS, updatedBy: 'u-forget', updatedAt: at(-5) });
      const spentBefore = await fx.ledger.spent({ guildId: 'guild-1', userId: 'u-stays' }, W);
      const outcome = await fx.erasure.forgetUser('u-forget', at(0), at(60));
      expect(outcome.counts).toEqual({ requests: 3, inFlight: 2, images: 3, videos: 1, budgetEdits: 1 });
      expect([...outcome.cancelledIds].sort()).toEqual([running.id, queued.id].sort());
      for (const id of [done.id, running.id, queued.id]) {
        const row = await fx.repo.get(id);
        expect(row).toMatchObject({ userId: '', channelId: '', prompt: '', negativePrompt: null, seed: null, interaction: null, operationName: null, gcsPrefix: null, videoUrls: [], errorMessage: null, leaseOwner: null });
        expect(row?.notifiedAt).not.toBeNull();
        expect(await fx.repo.findImages(id)).toEqual(NO_IMAGES);
      }
      expect((await fx.repo.get(running.id))?.status).toBe('failed');
      expect((await fx.repo.get(done.id))?.status).toBe('completed');
      // A render Google accepted stays charged at its estimate; one never started costs nothing.
      expect((await fx.repo.get(running.id))?.finalCostUsd).toBe(1.6);
      expect((await fx.repo.get(queued.id))?.finalCostUsd).toBe(0);
      // Spend is unchanged, but for the cancelled request that never started (its estimate released).
      const spentAfter = await fx.ledger.spent({ guildId: 'guild-1', userId: 'u-stays' }, W);
      expect(spentAfter.guildDayUsd).toBeCloseTo(spentBefore.guildDayUsd - 0.8, 6);
      expect(spentAfter.guildMonthUsd).toBeCloseTo(spentBefore.guildMonthUsd - 0.8, 6);
      expect(spentAfter.userDayUsd).toBe(spentBefore.userDayUsd);
      expect((await fx.ledger.guildBudget('guild-1'))?.updatedBy).toBeNull();
      // The bystander keeps everything.
      expect(await fx.repo.get(other.id)).toEqual(other);
      expect((await fx.repo.findImages(other.id)).first).not.toBeNull();
      expect(await fx.erasure.forgetUser('u-forget', at(1), at(61))).toEqual({ counts: { requests: 0, inFlight: 0, images: 0, videos: 0, budgetEdits: 0 }, cancelledIds: [] });
    });

    it('after forget no instance can run or announce the requests: every fence refuses them', async () => {
      const { running, queued } = await seedUser(fx.repo);
      await fx.erasure.forgetUser('u-forget', at(0), at(60));
      const lease = { owner: 'other-instance', until: at(70), now: at(1) };
      expect(await fx.repo.renewLeases([running.id, queued.id], lease)).toEqual([]);
      await expect(fx.repo.transition(running.id, { to: 'completed', at: at(1), videoUrls: ['gs://b/x.mp4'] })).resolves.toMatchObject({ outcome: 'refused', applied: false });
      expect(await fx.repo.recordStartAttempt(queued.id, at(1), 'other-instance')).toBe(false);
      // The delivery fence claims the row and finds it announced already.
      const claimed = await fx.repo.claim([running.id], lease);
      expect(claimed.every((r) => r.notifiedAt !== null)).toBe(true);
      expect(await fx.repo.markNotified(running.id, at(1), 'delivered')).toBe(false);
      const open = [...(await fx.repo.findIncomplete()), ...(await fx.repo.findUnnotified()), ...(await fx.repo.findClaimable('w', at(1)))];
      expect(open.map((r) => r.id)).not.toContain(running.id);
      expect(await fx.repo.countRecentByUser('u-forget', at(-60))).toEqual({ count: 0, oldest: null });
      expect((await fx.repo.userHistory({ userId: 'u-forget', limit: 10, offset: 0 })).total).toBe(0);
      const stats = await fx.repo.guildStats({ guildId: 'guild-1', period: 'day', since: at(-60), until: at(60) });
      expect(stats.total).toBe(4);
      expect(stats.topUsers.map((u) => u.userId)).toEqual(['u-stays']);
      expect(stats.topPrompts.map((p) => p.prompt)).not.toContain('my secret idea');
    });

    it('queues the objects of forgotten rows; a purge is dropped once done, unless it is to be swept again', async () => {
      const { done, running } = await seedUser(fx.repo);
      await fx.erasure.forgetUser('u-forget', at(0), at(60));
      const purges = await fx.erasure.queuedPurges(null, 10);
      // The never-started queued request has nothing in storage: nothing to purge.
      expect(purges.map((p) => p.requestId)).toEqual([done.id, running.id]);
      expect(purges[0]).toMatchObject({ prefix: `gs://b/veo/${done.id}/`, uris: [`gs://b/veo/${done.id}/sample_0.mp4`], recheckUntil: null, attempts: 0 });
      expect(purges[1]).toMatchObject({ prefix: `gs://b/veo/${running.id}/`, uris: [], recheckUntil: at(60) });
      const [first, second] = purges;
      if (!first || !second) throw new Error('two purges expected');
      expect((await fx.erasure.queuedPurges(first.id, 10)).map((p) => p.id)).toEqual([second.id]);
      await fx.erasure.purgeFailed(first.id);
      expect((await fx.erasure.queuedPurges(null, 1))[0]?.attempts).toBe(1);
      await fx.erasure.purgeDone(first.id, at(1));
      await fx.erasure.purgeDone(second.id, at(1));
      expect((await fx.erasure.queuedPurges(null, 10)).map((p) => p.id)).toEqual([second.id]);
      await fx.erasure.purgeDone(second.id, at(61));
      expect(await fx.erasure.countQueuedPurges()).toBe(0);
    });

    it('retention (deleteOlderThan) queues the objects of the rows it deletes, in the same write', async () => {
      const { done, other } = await seedUser(fx.repo);
      await fx.repo.transition(other.id, { to: 'failed', at: at(0), errorMessage: 'x' });
      expect(await fx.repo.deleteOlderThan(at(5), 10)).toBe(2);
      expect(await fx.repo.get(done.id)).toBeNull();
      expect(await fx.repo.findImages(done.id)).toEqual(NO_IMAGES);
      // The failed request never reached Google: no objects, no purge.
      expect((await fx.erasure.queuedPurges(null, 10)).map((p) => ({ requestId: p.requestId, prefix: p.prefix }))).toEqual([{ requestId: done.id, prefix: `gs://b/veo/${done.id}/` }]);
    });
  });
}
