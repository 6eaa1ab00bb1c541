import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelSource } from '@veo-bot/core';
import { FakeClock, MemoryLogger } from '@veo-bot/core/testing';
import { PgQuotaGate } from '../pg-quota-gate.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

describe('PgQuotaGate across instances', () => {
  it('shares one budget between two instances and frees a cancelled reservation', async () => {
    const clock = new FakeClock();
    const make = () => new PgQuotaGate({ pool: db.pool(), clock, limits: { start: 2, poll: 10 }, logger: new MemoryLogger() });
    const [a, b] = [make(), make()];
    expect(await a.acquire('start')).toBe(true);
    expect(await b.acquire('start')).toBe(true);

    // The budget is spent: a third admission from either instance is due one window (+1 s margin) later.
    const cancel = new CancelSource();
    const waiting = b.acquire('start', cancel.signal);
    await until(() => clock.pendingTimers === 1);
    cancel.cancel();
    expect(await waiting).toBe(false);

    const state = await db.pool().query<{ n: number }>(`SELECT cardinality(recent) AS n FROM vertex_quota_state WHERE kind = 'start'`);
    expect(state.rows[0]?.n).toBe(2); // the cancelled reservation was given back

    const third = a.acquire('start');
    await until(() => clock.pendingTimers === 1);
    expect(clock.sleeps.at(-1)).toBe(61_000); // one window plus the arrival margin
    await clock.advance(61_000);
    expect(await third).toBe(true);
    // poll has its own budget
    expect(await b.acquire('poll')).toBe(true);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 1));
}
