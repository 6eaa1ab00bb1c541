import pg from 'pg';
import type { Logger } from '@veo-bot/core';

/** How to reach PostgreSQL; everything but `connectionString` has a default. */
export interface PgPoolConfig {
  readonly connectionString: string;
  /** Schema to work in (set as the connection's `search_path`); default: the server's default. */
  readonly schema?: string;
  /** Most connections this pool opens. Default 10. */
  readonly max?: number;
  /** Give up connecting after this long, so an outage surfaces fast. Default 2000 ms. */
  readonly connectionTimeoutMillis?: number;
  /** Close connections idle for this long. Default 30 000 ms. */
  readonly idleTimeoutMillis?: number;
  /** Server-side limit per statement; none by default. */
  readonly statementTimeoutMillis?: number;
  /** Shown in `pg_stat_activity`. Default `veo-bot`. */
  readonly applicationName?: string;
  /** Where errors of idle connections go (they must be caught, or the process would crash). */
  readonly logger?: Logger;
}

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Default connect timeout: long enough for a busy server, short enough for "DB down" to be quick. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 2_000;

/**
 * Creates a `pg` pool set up the way the adapter expects: every connection uses UTC (so
 * `date_trunc` buckets are UTC days), the chosen schema, and a short connect timeout.
 * The pool heals by itself: broken connections are dropped and new ones opened on demand.
 */
export function createPool(config: PgPoolConfig): pg.Pool {
  if (config.schema !== undefined && !SCHEMA_NAME.test(config.schema)) {
    throw new RangeError(`Invalid schema name "${config.schema}"`);
  }
  const settings = ['-c TimeZone=UTC'];
  if (config.schema) settings.push(`-c search_path=${config.schema}`);
  if (config.statementTimeoutMillis) settings.push(`-c statement_timeout=${Math.floor(config.statementTimeoutMillis)}`);
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.max ?? 10,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: config.idleTimeoutMillis ?? 30_000,
    application_name: config.applicationName ?? 'veo-bot',
    options: settings.join(' '),
  });
  pool.on('error', (error) => {
    config.logger?.warn('Idle database connection failed', { error_message: error.message });
  });
  return pool;
}
