import { afterAll, beforeAll } from 'vitest';
import type pg from 'pg';
import { flushAsync, MemoryLogger, quotaGateContract, type FakeClock } from '@veo-bot/core/testing';
import { PgQuotaGate } from '../pg-quota-gate.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

/** Resolves once no query of `pool` is in flight (real time: this is network I/O). */
async function settled(pool: pg.Pool): Promise<void> {
  while (pool.totalCount - pool.idleCount + pool.waitingCount > 0) await new Promise((r) => setTimeout(r, 1));
}

/**
 * The contract lets pending work run with a few event-loop turns (`flushAsync`), which is all an
 * in-process gate needs; a round trip to Postgres takes longer than that. So, before and after
 * each step of simulated time, wait for the gate's in-flight queries: the same "let pending work
 * finish", extended to network I/O. The gate itself is untouched and only ever sleeps on the clock.
 */
function awaitQueriesOnAdvance(clock: FakeClock, pool: pg.Pool): void {
  const advance = clock.advance.bind(clock);
  clock.advance = async (ms: number) => {
    await settled(pool);
    await advance(ms);
    await settled(pool);
    await flushAsync();
  };
}

quotaGateContract('postgres', async ({ startsPerMinute, clock }) => {
  await db.truncate();
  const pool = db.pool();
  awaitQueriesOnAdvance(clock, pool);
  const gate = new PgQuotaGate({ pool, clock, limits: { start: startsPerMinute, poll: 100 }, logger: new MemoryLogger() });
  return { gate, cleanup: () => pool.end() };
});
