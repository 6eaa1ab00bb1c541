import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NO_CAPS, type SpendCaps, spendWindows } from '../../domain/budget.js';
import type { VideoRequest } from '../../domain/video-request.js';
import type { BudgetLedger } from '../../ports/budget-ledger.js';
import type { RequestRepository } from '../../ports/request-repository.js';
import { aRequest, testUuid } from '../builders.js';
import { aTestImage } from '../images.js';
import { NO_IMAGES, firstFrameOnly } from '../../domain/request-images.js';

/** A ledger and the repository over the same empty store; `others` play further instances. */
export interface BudgetLedgerFixture {
  readonly repo: RequestRepository;
  readonly ledger: BudgetLedger;
  /** Independent ledgers over the same store (other processes), for the race; optional. */
  readonly others?: readonly BudgetLedger[];
  cleanup?(): Promise<void>;
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const NOW = new Date(T0);
const W = spendWindows(NOW);
const caps = (c: Partial<SpendCaps>): SpendCaps => ({ ...NO_CAPS, ...c });
const costing = (usd: number, o: Partial<VideoRequest> = {}) => aRequest({ id: testUuid(), createdAt: NOW, updatedAt: NOW, estimatedCostUsd: usd, ...o });

/**
 * The behaviour every BudgetLedger (and the cost columns of its RequestRepository) must have:
 * reservation, release, caps and windows, guild overrides, idempotency and the race for the
 * last dollar. Core runs it in memory, adapter-postgres on a real PostgreSQL.
 */
export function budgetLedgerContract(name: string, setup: () => Promise<BudgetLedgerFixture>): void {
  describe(`BudgetLedger contract: ${name}`, () => {
    let fx: BudgetLedgerFixture;
    beforeEach(async () => {
      fx = await setup();
    });
    afterEach(async () => {
      await fx.cleanup?.();
    });

    it('a reservation stores its image in the same write; a refused one stores neither row nor image', async () => {
      const image = { bytes: aTestImage('image/png', { fill: 9 }), mimeType: 'image/png' as const, width: 1280, height: 720 };
      const fits = costing(3);
      expect(await fx.ledger.reserve(fits, caps({ guildDailyUsd: 5 }), W, firstFrameOnly(image))).toMatchObject({ reserved: true, result: { created: true } });
      expect((await fx.repo.findImages(fits.id)).first).toEqual(image);
      const over = costing(3);
      expect(await fx.ledger.reserve(over, caps({ guildDailyUsd: 5 }), W, firstFrameOnly(image))).toMatchObject({ reserved: false });
      expect(await fx.repo.get(over.id)).toBeNull();
      expect(await fx.repo.findImages(over.id)).toEqual(NO_IMAGES);
    });

    it('stores the estimate; a finished request records its final cost (default: estimate if Google may have billed it, else 0)', async () => {
      const { repo } = fx;
      const done = costing(3.2);
      const never = costing(1.6);
      const accepted = costing(0.8);
      const explicit = costing(1.2);
      for (const r of [done, never, accepted, explicit]) await repo.create(r);
      expect((await repo.get(done.id))?.estimatedCostUsd).toBe(3.2);
      expect((await repo.get(done.id))?.finalCostUsd).toBeNull();
      await repo.transition(done.id, { to: 'generating', at: NOW, operationName: 'ops/1' });
      expect((await repo.transition(done.id, { to: 'completed', at: NOW, videoUrls: ['gs://b/v.mp4'] })).request.finalCostUsd).toBe(3.2);
      expect((await repo.transition(never.id, { to: 'failed', at: NOW, errorMessage: 'refused' })).request.finalCostUsd).toBe(0);
      await repo.transition(accepted.id, { to: 'generating', at: NOW, operationName: 'ops/2' });
      expect((await repo.transition(accepted.id, { to: 'timeout', at: NOW, errorMessage: 'late' })).request.finalCostUsd).toBe(0.8);
      await repo.transition(explicit.id, { to: 'generating', at: NOW, operationName: 'ops/3' });
      expect((await repo.transition(explicit.id, { to: 'failed', at: NOW, errorMessage: 'filtered', finalCostUsd: 0 })).request.finalCostUsd).toBe(0);
    });

    it('reserves within the caps and refuses, storing nothing, when one would be exceeded', async () => {
      const { ledger, repo } = fx;
      const first = await ledger.reserve(costing(3.2), caps({ guildDailyUsd: 5 }), W);
      expect(first).toMatchObject({ reserved: true, result: { created: true }, spent: { guildDayUsd: 0 } });
      const second = costing(3.2);
      const refused = await ledger.reserve(second, caps({ guildDailyUsd: 5 }), W);
      expect(refused).toMatchObject({ reserved: false, caps: { guildDailyUsd: 5 }, spent: { guildDayUsd: 3.2, guildMonthUsd: 3.2, userDayUsd: 3.2 } });
      expect(await repo.get(second.id)).toBeNull();
      expect((await ledger.reserve(costing(1.8), caps({ guildDailyUsd: 5 }), W)).reserved).toBe(true); // exactly to the cap
    });

    it('a request that fails without being billed releases its reservation', async () => {
      const { ledger, repo } = fx;
      const r = costing(4);
      await ledger.reserve(r, caps({ guildDailyUsd: 5 }), W);
      expect((await ledger.reserve(costing(4), caps({ guildDailyUsd: 5 }), W)).reserved).toBe(false);
      await repo.transition(r.id, { to: 'failed', at: NOW, errorMessage: 'quota', finalCostUsd: 0 });
      expect(await ledger.spent({ guildId: 'guild-1', userId: 'user-1' }, W)).toEqual({ guildDayUsd: 0, guildMonthUsd: 0, userDayUsd: 0 });
      expect((await ledger.reserve(costing(4), caps({ guildDailyUsd: 5 }), W)).reserved).toBe(true);
    });

    it('counts today for daily caps and the whole UTC month for the monthly cap; other guilds and months do not count', async () => {
      const { ledger, repo } = fx;
      await repo.create(costing(2, { createdAt: new Date(T0 - 24 * 3_600_000) })); // yesterday, same month
      await repo.create(costing(7, { createdAt: new Date(Date.UTC(2026, 9, 31, 23, 59)) })); // last month
      await repo.create(costing(9, { guildId: 'guild-2' }));
      await repo.create(costing(1, { userId: 'user-2' }));
      expect(await ledger.spent({ guildId: 'guild-1', userId: 'user-1' }, W)).toEqual({ guildDayUsd: 1, guildMonthUsd: 3, userDayUsd: 0 });
      expect((await ledger.reserve(costing(2), caps({ guildMonthlyUsd: 4.5 }), W)).reserved).toBe(false);
      expect((await ledger.reserve(costing(1.5), caps({ guildMonthlyUsd: 4.5, userDailyUsd: 1.5 }), W)).reserved).toBe(true);
      expect((await ledger.reserve(costing(0.5, { userId: 'user-2' }), caps({ userDailyUsd: 1.5 }), W)).reserved).toBe(true);
      expect((await ledger.reserve(costing(0.5), caps({ userDailyUsd: 1.5 }), W)).reserved).toBe(false);
    });

    it("a guild's own caps replace the defaults (null inherits); direct messages only know the per-user cap", async () => {
      const { ledger } = fx;
      expect(await ledger.guildBudget('guild-1')).toBeNull();
      const budget = { guildId: 'guild-1', caps: caps({ guildDailyUsd: 1 }), updatedBy: 'admin', updatedAt: NOW };
      await ledger.setGuildBudget(budget);
      expect(await ledger.guildBudget('guild-1')).toEqual(budget);
      const refused = await ledger.reserve(costing(2), caps({ guildDailyUsd: 50, userDailyUsd: 1.5 }), W);
      expect(refused).toMatchObject({ reserved: false, caps: { guildDailyUsd: 1, userDailyUsd: 1.5, guildMonthlyUsd: null } });
      expect((await ledger.reserve(costing(2, { guildId: 'guild-2' }), caps({ guildDailyUsd: 50 }), W)).reserved).toBe(true);
      const dm = await ledger.reserve(costing(1, { guildId: null }), caps({ guildDailyUsd: 0.5, userDailyUsd: 1 }), W);
      expect(dm).toMatchObject({ reserved: true, caps: { guildDailyUsd: null, userDailyUsd: 1 } });
      expect((await ledger.reserve(costing(1, { guildId: null }), caps({ userDailyUsd: 1 }), W)).reserved).toBe(false);
    });

    it('is idempotent: the same id, or a second retry of one request, reserves nothing more (even at the cap)', async () => {
      const { ledger } = fx;
      const r = costing(3);
      await ledger.reserve(r, caps({ guildDailyUsd: 3 }), W);
      expect(await ledger.reserve(r, caps({ guildDailyUsd: 3 }), W)).toMatchObject({ reserved: true, result: { created: false, conflict: 'id' } });
      const original = costing(0, { status: 'failed', finalCostUsd: 0 });
      await fx.repo.create(original);
      const retry = await ledger.reserve(costing(0, { retryOf: original.id }), caps({ guildDailyUsd: 3 }), W);
      expect(retry).toMatchObject({ reserved: true, result: { created: true } });
      const again = await ledger.reserve(costing(3, { retryOf: original.id }), caps({ guildDailyUsd: 3 }), W);
      expect(again).toMatchObject({ reserved: true, result: { created: false, conflict: 'retry_of' } });
      expect((await ledger.spent({ guildId: 'guild-1', userId: 'user-1' }, W)).guildDayUsd).toBe(3);
    });

    it('many concurrent submits racing for the last dollars: the total reserved never exceeds the cap', async () => {
      const ledgers = [fx.ledger, ...(fx.others ?? [])];
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (ledgers[i % ledgers.length] as BudgetLedger).reserve(costing(0.75, { userId: `user-${i % 7}` }), caps({ guildDailyUsd: 10 }), W)),
      );
      expect(results.filter((r) => r.reserved)).toHaveLength(13); // 13 × 0.75 = 9.75 ≤ 10 < 14 × 0.75
      expect((await fx.ledger.spent({ guildId: 'guild-1', userId: 'user-0' }, W)).guildDayUsd).toBe(9.75);
    });

    it('guild statistics and the dashboard report spend (final costs + running reservations), per bucket and per model', async () => {
      const { repo } = fx;
      const done = costing(3.2);
      await repo.create(done);
      await repo.transition(done.id, { to: 'generating', at: NOW, operationName: 'ops/x' });
      await repo.transition(done.id, { to: 'completed', at: NOW, videoUrls: ['gs://b/x.mp4'] });
      const released = costing(1.2, { model: 'veo-3.1-fast-generate-001' });
      await repo.create(released);
      await repo.transition(released.id, { to: 'failed', at: NOW, errorMessage: 'refused' });
      await repo.create(costing(0.8, { model: 'veo-3.1-fast-generate-001' }));
      const stats = await repo.guildStats({ guildId: 'guild-1', period: 'day', since: new Date(T0 - 86_400_000), until: new Date(T0 + 1) });
      expect(stats.spendUsd).toBe(4);
      expect(stats.buckets.map((b) => b.spendUsd)).toEqual([4]);
      const dashboard = await repo.dashboard(new Date(T0 - 86_400_000));
      expect(dashboard.spendUsd).toBe(4);
      expect(dashboard.spendByModel).toEqual([{ model: 'veo-3.1-generate-001', spendUsd: 3.2 }, { model: 'veo-3.1-fast-generate-001', spendUsd: 0.8 }]);
    });
  });
}
