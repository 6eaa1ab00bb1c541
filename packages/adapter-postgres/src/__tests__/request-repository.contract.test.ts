import { afterAll, beforeAll } from 'vitest';
import { MemoryLogger, requestRepositoryContract } from '@veo-bot/core/testing';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
let repo: PgRequestRepository;
let other: PgRequestRepository;

beforeAll(async () => {
  db = await createTestSchema();
  repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
  // A second pool plays the second instance in the race tests.
  other = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
});

afterAll(async () => {
  await db?.drop();
});

requestRepositoryContract('postgres', async () => {
  await db.truncate();
  return { repo, other };
});
