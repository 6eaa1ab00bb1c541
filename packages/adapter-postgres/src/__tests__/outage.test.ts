import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepositoryUnavailableError } from '@veo-bot/core';
import { aRequest, MemoryLogger, testUuid } from '@veo-bot/core/testing';
import { PgRequestRepository } from '../pg-request-repository.js';
import { createPool } from '../pool.js';
import { createTestSchema, freePort, type TestSchema } from '../testing/index.js';
import { TcpProxy } from '../testing/tcp-proxy.js';

let db: TestSchema;

beforeAll(async () => {
  db = await createTestSchema();
});

afterAll(async () => {
  await db?.drop();
});

describe('database outage', () => {
  it('reports RepositoryUnavailableError while the server is unreachable, and recovers by itself', async () => {
    const target = new URL(db.database.url);
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port || 5432) }, await freePort());
    await proxy.start();
    const viaProxy = new URL(db.database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const logger = new MemoryLogger();
    const pool = createPool({ connectionString: viaProxy.toString(), schema: db.schema, connectionTimeoutMillis: 500, logger });
    const repo = new PgRequestRepository({ pool, logger });
    try {
      const request = aRequest({ id: testUuid() });
      expect((await repo.create(request)).created).toBe(true);

      await proxy.stop(); // open connections are cut, new ones refused
      await expect(repo.get(request.id)).rejects.toBeInstanceOf(RepositoryUnavailableError);
      await expect(repo.findIncomplete()).rejects.toBeInstanceOf(RepositoryUnavailableError);
      await expect(repo.transition(request.id, { to: 'generating', at: new Date() })).rejects.toMatchObject({ code: 'REPOSITORY_UNAVAILABLE' });

      await proxy.start(); // the server is back: the same pool must work again, no restart
      expect((await repo.get(request.id))?.id).toBe(request.id);
      const moved = await repo.transition(request.id, { to: 'generating', at: new Date(), operationName: 'ops/1' });
      expect(moved.applied).toBe(true);
    } finally {
      await pool.end();
      await proxy.stop();
    }
  });

  it('replaces connections the server terminated (failover, restart)', async () => {
    const logger = new MemoryLogger();
    const pool = db.pool({ logger, max: 3, applicationName: 'veo-bot-terminate-test' });
    const repo = new PgRequestRepository({ pool, logger });
    await Promise.all([repo.findIncomplete(), repo.findIncomplete(), repo.findIncomplete()]);
    const admin = db.pool();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'veo-bot-terminate-test'`);
    // Each connection that was killed can fail at most the one call that finds it dead, with
    // RepositoryUnavailableError; after that the pool has opened fresh ones.
    let outcome: unknown = 'not tried';
    for (let attempt = 0; attempt <= 3 && outcome !== 'ok'; attempt++) {
      outcome = await repo.findIncomplete().then(
        () => 'ok',
        (error: unknown) => error,
      );
      if (outcome !== 'ok') expect(outcome).toBeInstanceOf(RepositoryUnavailableError);
    }
    expect(outcome).toBe('ok');
    await admin.end();
  });

  it('fails fast with RepositoryUnavailableError when nothing listens on the port', async () => {
    const closed = new URL(db.database.url);
    closed.hostname = '127.0.0.1';
    closed.port = String(await freePort());
    const pool = createPool({ connectionString: closed.toString(), connectionTimeoutMillis: 500 });
    const repo = new PgRequestRepository({ pool, logger: new MemoryLogger() });
    try {
      await expect(repo.get(testUuid())).rejects.toBeInstanceOf(RepositoryUnavailableError);
    } finally {
      await pool.end();
    }
  });
});
