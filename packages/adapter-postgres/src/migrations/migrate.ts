import type pg from 'pg';
import { ConfigurationError, type Logger } from '@veo-bot/core';
import { toRepositoryError } from '../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Options of {@link migrate}. */
export interface MigrateOptions {
  readonly logger?: Logger;
  /** Migrations to apply (default: all of this package's). */
  readonly migrations?: readonly Migration[];
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Versions applied by this call (empty when the schema was already current). */
  readonly applied: readonly number[];
  /** Highest version now in the database. */
  readonly current: number;
}

/**
 * The database holds a migration this code does not know: a newer veo-bot migrated it. Running
 * older code on it could write rows the newer schema reads differently, so the start stops
 * (a {@link ConfigurationError}: exit code 2), as graphile-worker does, instead of only warning.
 */
export class SchemaTooNewError extends ConfigurationError {
  constructor(readonly databaseVersion: number, readonly codeVersion: number) {
    super(`The database schema is at migration ${databaseVersion}, newer than this veo-bot knows (${codeVersion}): a newer version migrated it. Run that version or a later one (or restore a backup taken before it).`);
  }
}

// Per schema, so test files (one schema each) do not wait on each other.
const LOCK_KEY = `hashtext('veo-bot:migrate:' || current_schema())`;

/**
 * Brings the schema in the pool's `search_path` up to date. Safe to call from every instance
 * at start-up: a session advisory lock makes concurrent callers wait for each other, and
 * `schema_migrations` records what is applied, so each migration runs exactly once.
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = [...(options.migrations ?? MIGRATIONS)].sort((a, b) => a.version - b.version);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw toRepositoryError(error, 'migrate');
  }
  let broken = false;
  try {
    await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const have = new Set(done.rows.map((r) => r.version));
      const known = Math.max(0, ...migrations.map((m) => m.version));
      const newest = Math.max(0, ...have);
      // Checked before anything is applied: older code must not change a newer schema either.
      if (newest > known) {
        options.logger?.error('Database schema is newer than this code', { db_version: newest, code_version: known });
        throw new SchemaTooNewError(newest, known);
      }
      const applied: number[] = [];
      for (const m of migrations.filter((x) => !have.has(x.version))) {
        await applyOne(client, m);
        applied.push(m.version);
        options.logger?.info('Migration applied', { version: m.version, name: m.name });
      }
      return { applied, current: Math.max(0, ...have, ...applied) };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`).catch(() => (broken = true));
    }
  } catch (error) {
    if (error instanceof SchemaTooNewError) throw error;
    broken = true;
    throw toRepositoryError(error, 'migrate');
  } finally {
    client.release(broken);
  }
}

/** Where the schema in the pool's `search_path` stands, read without writing anything. */
export interface SchemaVersion {
  /** Highest applied version; 0 when no migration was ever applied (no `schema_migrations`). */
  readonly current: number;
  /** Highest version this code knows. */
  readonly known: number;
}

/** Reads the applied schema version without creating or locking anything (dry runs). */
export async function schemaVersion(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<SchemaVersion> {
  const known = Math.max(0, ...migrations.map((m) => m.version));
  try {
    const table = await pool.query<{ found: string | null }>("SELECT to_regclass('schema_migrations')::text AS found");
    if (table.rows[0]?.found == null) return { current: 0, known };
    const max = await pool.query<{ current: number | null }>('SELECT max(version) AS current FROM schema_migrations');
    return { current: max.rows[0]?.current ?? 0, known };
  } catch (error) {
    throw toRepositoryError(error, 'schema version');
  }
}

async function applyOne(client: pg.PoolClient, m: Migration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(m.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
