import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One schema change, applied once, in version order, inside a transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The package's `migrations/` folder: one file per migration, `NNN-some-words.sql`, whose first
 * line is `-- <name>` (the name recorded in `schema_migrations`). The same relative place from
 * `src/` and from `dist/`, and shipped in the package (`files`).
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const FILE = /^(\d{3})-[a-z0-9]+(-[a-z0-9]+)*\.sql$/;

/**
 * Reads and checks a migrations folder: every `.sql` file named `NNN-words.sql`, versions 1, 2,
 * 3, … without a gap or a repeat, each starting with its `-- name` line. A folder that breaks
 * these rules is a bug in the release, so it throws at import, before anything touches a database.
 */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file, index) => {
    const match = FILE.exec(file);
    if (!match) throw new Error(`Migration file ${file} must be named NNN-words.sql (e.g. 011-request-frames.sql)`);
    const version = Number(match[1]);
    if (version !== index + 1) throw new Error(`Migration file ${file} should be number ${index + 1}: migrations are numbered 1, 2, 3, … without gaps or repeats`);
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    const name = /^-- (.+)\n/.exec(sql)?.[1]?.trim();
    if (!name) throw new Error(`Migration file ${file} must start with a "-- <name>" line`);
    return { version, name, sql };
  });
}

/** Every migration this version of the adapter knows, oldest first. Never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = loadMigrations();
