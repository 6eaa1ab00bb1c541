import { afterAll, beforeAll } from 'vitest';
import { backlogReaderContract, MemoryLogger } from '@veo-bot/core/testing';
import { PgBacklogReader } from '../pg-backlog-reader.js';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
let repo: PgRequestRepository;
let reader: PgBacklogReader;

beforeAll(async () => {
  db = await createTestSchema();
  const pool = db.pool();
  repo = new PgRequestRepository({ pool, logger: new MemoryLogger() });
  reader = new PgBacklogReader({ pool, logger: new MemoryLogger() });
});

afterAll(async () => {
  await db?.drop();
});

backlogReaderContract('postgres', async () => {
  await db.truncate();
  return { repo, reader };
});
