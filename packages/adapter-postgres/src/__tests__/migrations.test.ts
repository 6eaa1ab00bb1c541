import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLogger } from '@veo-bot/core/testing';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaTooNewError, migrate, schemaVersion } from '../migrations/migrate.js';
import { MIGRATIONS, loadMigrations } from '../migrations/migrations.js';
import { createPool } from '../pool.js';
import { createTestSchema, type TestSchema } from '../testing/index.js';

let db: TestSchema;
/** The newest version (versions may have gaps while other branches' migrations are unmerged). */
const LATEST = Math.max(...MIGRATIONS.map((m) => m.version));

beforeAll(async () => {
  db = await createTestSchema({ migrate: false });
});

afterAll(async () => {
  await db?.drop();
});

describe('migrate', () => {
  it('refuses a schema a newer veo-bot migrated, before applying anything (SchemaTooNewError, a configuration error: exit 2)', async () => {
    const schema = `${db.schema}_new`;
    const admin = db.pool();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = createPool({ connectionString: db.database.url, schema });
    try {
      await migrate(pool, { migrations: MIGRATIONS.slice(0, 3) });
      await pool.query("INSERT INTO schema_migrations (version, name) VALUES ($1, 'from a newer release')", [LATEST + 1]);
      const logger = new MemoryLogger();
      const refused = await migrate(pool, { logger }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SchemaTooNewError);
      expect(refused).toMatchObject({ code: 'INVALID_CONFIGURATION', databaseVersion: LATEST + 1, codeVersion: LATEST });
      expect(logger.find('Database schema is newer than this code')).toHaveLength(1);
      const recorded = await pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.rows.map((r) => r.version)).toEqual([1, 2, 3, LATEST + 1]);
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('reads one numbered SQL file per migration, and refuses a folder with a gap, a repeat, a bad name or no name line', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(MIGRATIONS[0]).toMatchObject({ version: 1, name: 'create video_requests' });
    const folder = (files: Record<string, string>) => {
      const dir = mkdtempSync(join(tmpdir(), 'veo-migrations-'));
      for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
      return dir;
    };
    expect(loadMigrations(folder({ '001-a.sql': '-- a\nSELECT 1;', '002-b.sql': '-- b\nSELECT 2;', 'notes.md': 'ignored' })).map((m) => m.name)).toEqual(['a', 'b']);
    expect(() => loadMigrations(folder({ '001-a.sql': '-- a\n', '003-c.sql': '-- c\n' }))).toThrow('003-c.sql should be number 2');
    expect(() => loadMigrations(folder({ '001-a.sql': '-- a\n', '001-b.sql': '-- b\n' }))).toThrow('001-b.sql should be number 2');
    expect(() => loadMigrations(folder({ '1_a.sql': '-- a\n' }))).toThrow('must be named NNN-words.sql');
    expect(() => loadMigrations(folder({ '001-a.sql': 'SELECT 1;' }))).toThrow('must start with a "-- <name>" line');
  });

  it('schemaVersion reads 0 on an unmigrated schema without creating anything, then the applied version', async () => {
    const schema = `${db.schema}_v`;
    const admin = db.pool();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pool = createPool({ connectionString: db.database.url, schema });
    try {
      expect(await schemaVersion(pool)).toEqual({ current: 0, known: LATEST });
      const tables = await pool.query('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1', [schema]);
      expect(tables.rows[0]).toEqual({ n: 0 });
      await migrate(pool, { migrations: MIGRATIONS.slice(0, 2) });
      expect(await schemaVersion(pool)).toEqual({ current: 2, known: LATEST });
    } finally {
      await pool.end();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });

  it('applies every migration once, concurrently started instances included, and is idempotent', async () => {
    const logger = new MemoryLogger();
    const pools = [db.pool(), db.pool(), db.pool()];
    const results = await Promise.all(pools.map((pool) => migrate(pool, { logger })));
    const applied = results.flatMap((r) => r.applied).sort();
    expect(applied).toEqual(MIGRATIONS.map((m) => m.version).sort());
    expect(results.every((r) => r.current === LATEST)).toBe(true);
    expect(logger.find('Migration applied')).toHaveLength(MIGRATIONS.length);

    const again = await migrate(pools[0]!);
    expect(again).toEqual({ applied: [], current: LATEST });
    const recorded = await pools[0]!.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('creates the indexes the queries rely on', async () => {
    const pool = db.pool();
    await migrate(pool);
    const result = await pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'video_requests' ORDER BY indexname`,
    );
    expect(result.rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining([
        'video_requests_incomplete_idx',
        'video_requests_unnotified_idx',
        'video_requests_user_created_idx',
        'video_requests_guild_created_idx',
        'video_requests_created_idx',
        'video_requests_retry_of_key',
      ]),
    );
  });

  it('rolls a failing migration back and leaves it unrecorded', async () => {
    const pool = db.pool();
    const broken = [{ version: 999, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();' }];
    await expect(migrate(pool, { migrations: broken })).rejects.toThrow(/no_such_function/);
    const table = await pool.query(`SELECT to_regclass('half_done') AS t`);
    expect(table.rows[0].t).toBeNull();
    const recorded = await pool.query('SELECT 1 FROM schema_migrations WHERE version = 999');
    expect(recorded.rowCount).toBe(0);
  });
});
