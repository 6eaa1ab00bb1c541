import { describe, expect, it } from 'vitest';
import { at, repositoryCases, type RepositoryFixture } from './request-contract-setup.js';

/**
 * What every RequestRetention must do: the cleanup's count and batched delete.
 * Part of `requestRepositoryContract`; core runs it against the in-memory fake,
 * adapter-postgres against PostgreSQL.
 */
export function requestRetentionContract(name: string, setup: () => Promise<RepositoryFixture>): void {
  describe(`RequestRetention contract: ${name}`, () => {
    const { cx, store } = repositoryCases(setup);

    it('deletes finished requests older than the cutoff in batches, never incomplete ones', async () => {
      for (let i = 0; i < 3; i++) {
        const r = await store({ createdAt: at(-10_000 - i) });
        await cx.repo.transition(r.id, { to: 'failed', at: at(-9_000), errorMessage: 'x' });
      }
      const stillPending = await store({ createdAt: at(-10_000) });
      const recent = await store({ createdAt: at(0) });
      await cx.repo.transition(recent.id, { to: 'failed', at: at(1), errorMessage: 'x' });
      expect(await cx.repo.countOlderThan(at(-100))).toBe(3);
      expect(await cx.repo.deleteOlderThan(at(-100), 2)).toBe(2);
      expect(await cx.repo.deleteOlderThan(at(-100), 2)).toBe(1);
      expect(await cx.repo.deleteOlderThan(at(-100), 2)).toBe(0);
      expect(await cx.repo.get(stillPending.id)).not.toBeNull();
      expect(await cx.repo.get(recent.id)).not.toBeNull();
    });
  });
}
