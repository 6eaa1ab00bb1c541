import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '@veo-bot/core';
import { migrate } from '../migrations/migrate.js';
import { createPool, type PgPoolConfig } from '../pool.js';
import { stopTestDatabase, testDatabase, type TestDatabase } from './test-database.js';

/** A private schema on the test server, for one test file. */
export interface TestSchema {
  readonly database: TestDatabase;
  /** Random name, e.g. `t_3f9a…`. */
  readonly schema: string;
  /** A new pool on this schema (closed by `drop`). */
  pool(options?: Partial<Omit<PgPoolConfig, 'connectionString' | 'schema'>>): pg.Pool;
  /** Empties the adapter's tables (cheap per-test reset). */
  truncate(): Promise<void>;
  /** Closes every pool, drops the schema, and stops a server this process started. */
  drop(): Promise<void>;
}

/** Options of {@link createTestSchema}. */
export interface TestSchemaOptions {
  /** Run the migrations into the new schema (default true). */
  readonly migrate?: boolean;
  readonly logger?: Logger;
}

/**
 * Creates a schema with a random name on the test server (see `testDatabase` for the order
 * in which one is found) and, by default, migrates it. Files running in parallel each use
 * their own schema, so they never see each other's rows.
 */
export async function createTestSchema(options: TestSchemaOptions = {}): Promise<TestSchema> {
  const database = await testDatabase();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const pools: pg.Pool[] = [];
  const pool = (extra: Partial<Omit<PgPoolConfig, 'connectionString' | 'schema'>> = {}) => {
    const created = createPool({ connectionString: database.url, schema, ...extra });
    pools.push(created);
    return created;
  };
  const main = pool();
  if (options.migrate ?? true) await migrate(main, options.logger ? { logger: options.logger } : {});
  return {
    database,
    schema,
    pool,
    truncate: async () => {
      await main.query('TRUNCATE video_requests, request_images, request_extra_images, vertex_quota_state, guild_budgets, storage_purges');
    },
    drop: async () => {
      await Promise.all(pools.map((p) => (p.ended ? undefined : p.end())));
      const cleanup = new pg.Client({ connectionString: database.url });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await cleanup.end();
      }
      await stopTestDatabase();
    },
  };
}
