import { afterAll, beforeAll } from 'vitest';
import { budgetLedgerContract, MemoryLogger } from '@veo-bot/core/testing';
import { PgBudgetLedger } from '../pg-budget-ledger.js';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
let repo: PgRequestRepository;
let ledger: PgBudgetLedger;
let others: PgBudgetLedger[];

beforeAll(async () => {
  db = await createTestSchema();
  const logger = new MemoryLogger();
  repo = new PgRequestRepository({ pool: db.pool(), logger });
  ledger = new PgBudgetLedger({ pool: db.pool(), logger });
  // Three more pools play three more bot instances in the race.
  others = [1, 2, 3].map(() => {
    const pool = db.pool({ max: 5 });
    return new PgBudgetLedger({ pool, logger });
  });
});

afterAll(async () => {
  await db?.drop();
});

budgetLedgerContract('postgres', async () => {
  await db.truncate();
  return { repo, ledger, others };
});
