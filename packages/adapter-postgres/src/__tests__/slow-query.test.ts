import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRequest, MemoryLogger, testUuid } from '@veo-bot/core/testing';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

/** Holds a row lock from another connection for `ms`, so a write to that row really takes that long. */
async function holdRowLock(id: string, ms: number): Promise<{ released: Promise<void> }> {
  const client = await db.pool().connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM video_requests WHERE id = $1 FOR UPDATE', [id]);
  const released = (async () => {
    await client.query('SELECT pg_sleep($1)', [ms / 1000]);
    await client.query('COMMIT');
    client.release();
  })();
  return { released };
}

describe('slow-query logging', () => {
  it('logs a warning with query type and parameter count past the warning threshold', async () => {
    const logger = new MemoryLogger();
    const repo = new PgRequestRepository({ pool: db.pool(), logger });
    const request = aRequest({ id: testUuid() });
    await repo.create(request);
    const { released } = await holdRowLock(request.id, 600);
    await repo.transition(request.id, { to: 'generating', at: new Date(), operationName: 'ops/1' });
    await released;
    const slow = logger.find('Slow query');
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatchObject({ level: 'warn', fields: { query_type: 'transition', param_count: 5 } });
  });

  it('logs info between the two thresholds', async () => {
    const logger = new MemoryLogger();
    const repo = new PgRequestRepository({ pool: db.pool(), logger, slowQuery: { infoMs: 100, warnMs: 60_000 } });
    const request = aRequest({ id: testUuid() });
    await repo.create(request);
    await repo.transition(request.id, { to: 'failed', at: new Date(), errorMessage: 'x' });
    logger.entries.length = 0;
    const { released } = await holdRowLock(request.id, 150);
    await repo.markNotified(request.id, new Date(), 'delivered');
    await released;
    expect(logger.find('Slow query')).toEqual([
      expect.objectContaining({ level: 'info', fields: expect.objectContaining({ query_type: 'mark_notified', param_count: 3 }) }),
    ]);
  });
});
