import { afterAll, beforeAll } from 'vitest';
import { erasureStoreContract, MemoryLogger } from '@veo-bot/core/testing';
import { PgBudgetLedger } from '../pg-budget-ledger.js';
import { PgErasureStore } from '../pg-erasure-store.js';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

erasureStoreContract('postgres', async () => {
  await db.truncate();
  const logger = new MemoryLogger();
  const pool = db.pool();
  return { repo: new PgRequestRepository({ pool, logger }), ledger: new PgBudgetLedger({ pool, logger }), erasure: new PgErasureStore({ pool, logger }) };
});
