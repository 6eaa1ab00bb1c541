import { join, resolve } from 'node:path';
import { stateDirectory } from '../runtime/embedded-database.js';
import type { Config } from './schema.js';

/** The snapshot's file name in the state folder, beside the embedded database's `pgdata`. */
export const SNAPSHOT_FILE_NAME = 'guild-settings.json';

/**
 * Where the per-server settings snapshot is kept: VEO_SETTINGS_SNAPSHOT, else
 * `guild-settings.json` in the state folder (VEO_BOT_STATE_DIR, see {@link stateDirectory});
 * null when it is `off` (an empty value counts as unset, as for every setting, except in a
 * `--config` file, where "" is off too).
 */
export function settingsSnapshotPath(config: Config): string | null {
  const configured = config.VEO_SETTINGS_SNAPSHOT?.trim();
  if (configured === undefined) return join(stateDirectory(config.VEO_BOT_STATE_DIR), SNAPSHOT_FILE_NAME);
  if (configured === '' || configured.toLowerCase() === 'off') return null;
  return resolve(configured);
}

/**
 * Which database the settings were read from, without credentials (host, port, database,
 * schema; or the embedded one's folder): a snapshot taken from another one is not used.
 */
export function settingsDatabaseLabel(config: Config): string {
  const schema = config.DATABASE_SCHEMA ?? 'public';
  if (!config.DATABASE_URL) return `embedded:${join(stateDirectory(config.VEO_BOT_STATE_DIR), 'pgdata')}#${schema}`;
  const url = new URL(config.DATABASE_URL);
  const host = url.hostname || url.searchParams.get('host') || 'localhost';
  return `${host}:${url.port || '5432'}${url.pathname || '/'}#${schema}`;
}
