import { afterAll, beforeAll } from 'vitest';
import { MemoryLogger, requestRepositoryContract } from '@veo-bot/core/testing';
import { PgRequestRepository } from '../pg-request-repository.js';
import { PgWorkerPresence } from '../pg-worker-presence.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
let repo: PgRequestRepository;
let other: PgRequestRepository;
let presence: PgWorkerPresence;

beforeAll(async () => {
  db = await createTestSchema();
  repo = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
  // A second pool plays the second instance in the race tests.
  other = new PgRequestRepository({ pool: db.pool(), logger: new MemoryLogger() });
  // Its own pool: each joined worker holds one connection (its advisory lock) out of it.
  presence = new PgWorkerPresence({ pool: db.pool(), logger: new MemoryLogger() });
});

afterAll(async () => {
  await db?.drop();
});

requestRepositoryContract('postgres', async () => {
  await db.truncate();
  return { repo, other, presence: { join: (id) => presence.join(id), kill: (id) => presence.kill(id) } };
});
