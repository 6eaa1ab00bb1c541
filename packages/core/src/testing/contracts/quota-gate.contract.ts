import { afterEach, describe, expect, it } from 'vitest';
import type { QuotaGate } from '../../ports/quota-gate.js';
import { CancelSource } from '../../domain/cancel.js';
import { FakeClock, flushAsync } from '../fake-clock.js';

/** A gate admitting `startsPerMinute` starts per minute, reading time from `clock`. */
export interface QuotaGateFixture {
  readonly gate: QuotaGate;
  cleanup?(): Promise<void>;
}

/** The behaviour every QuotaGate must have (in-memory, or shared through Postgres). */
export function quotaGateContract(name: string, setup: (opts: { startsPerMinute: number; clock: FakeClock }) => Promise<QuotaGateFixture>): void {
  describe(`QuotaGate contract: ${name}`, () => {
    let fx: QuotaGateFixture | undefined;
    afterEach(async () => {
      await fx?.cleanup?.();
    });

    it('admits up to the limit at once, then waits for the window to slide', async () => {
      const clock = new FakeClock();
      fx = await setup({ startsPerMinute: 2, clock });
      expect(await fx.gate.acquire('start')).toBe(true);
      expect(await fx.gate.acquire('start')).toBe(true);
      let third = false;
      void fx.gate.acquire('start').then((ok) => (third = ok));
      await flushAsync(5);
      expect(third).toBe(false);
      await clock.advance(30_000);
      expect(third).toBe(false);
      await clock.advance(31_000);
      await flushAsync(5);
      expect(third).toBe(true);
    });

    it('holds callers back after a reported 429', async () => {
      const clock = new FakeClock();
      fx = await setup({ startsPerMinute: 100, clock });
      await fx.gate.reportThrottled('start', 5_000);
      let admitted = false;
      void fx.gate.acquire('start').then((ok) => (admitted = ok));
      await clock.advance(4_000);
      expect(admitted).toBe(false);
      await clock.advance(2_000);
      await flushAsync(5);
      expect(admitted).toBe(true);
    });

    it('gives up with false when the waiter is cancelled', async () => {
      const clock = new FakeClock();
      fx = await setup({ startsPerMinute: 1, clock });
      await fx.gate.acquire('start');
      const cancel = new CancelSource();
      const waiting = fx.gate.acquire('start', cancel.signal);
      await flushAsync(5);
      cancel.cancel();
      await clock.advance(1);
      expect(await waiting).toBe(false);
    });
  });
}
