import type pg from 'pg';
import type { Logger, WorkerPresence } from '@veo-bot/core';
import { toRepositoryError } from './errors.js';

/** The advisory-lock key of a worker id (database-wide, so every schema agrees). */
const keyOf = (sqlText: string) => `hashtextextended('veo-worker:' || ${sqlText}, 0)`;

/**
 * SQL that is true when the worker named by `column` is gone: its session lock can be taken.
 * Transaction-scoped, so the probe itself is released when the statement ends.
 */
export const ownerGone = (column: string): string => `pg_try_advisory_xact_lock(${keyOf(column)})`;

/** What {@link PgWorkerPresence} needs. */
export interface PgWorkerPresenceDeps {
  /** The adapter's pool; one connection is kept out of it while joined. */
  readonly pool: pg.Pool;
  readonly logger: Logger;
}

/**
 * WorkerPresence on PostgreSQL: a session-level advisory lock per worker id, held on one
 * dedicated connection. When the process dies (kill -9, crash, lost network) the server closes
 * the session and drops the lock at once, so other instances may take the dead worker's rows
 * over without waiting for its leases to run out. No clock is trusted.
 */
export class PgWorkerPresence implements WorkerPresence {
  private readonly held = new Map<string, pg.PoolClient>();

  constructor(private readonly deps: PgWorkerPresenceDeps) {}

  async join(workerId: string): Promise<void> {
    if (this.held.has(workerId)) return;
    let client: pg.PoolClient;
    try {
      client = await this.deps.pool.connect();
    } catch (error) {
      throw toRepositoryError(error, 'worker presence');
    }
    const lost = (error?: Error) => {
      if (this.held.get(workerId) !== client) return;
      this.held.delete(workerId);
      this.deps.logger.warn('Worker presence lost; rejoining when the database answers', { worker_id: workerId, ...(error ? { error_message: error.message } : {}) });
      client.release(error ?? true);
    };
    client.on('error', lost);
    try {
      const result = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${keyOf('$1')}) AS locked`, [workerId]);
      if (!result.rows[0]?.locked) throw new Error(`Worker id ${workerId} is already present elsewhere`);
    } catch (error) {
      client.off('error', lost);
      client.release(true);
      throw toRepositoryError(error, 'worker presence');
    }
    this.held.set(workerId, client);
  }

  isJoined(workerId: string): boolean {
    return this.held.has(workerId);
  }

  async leave(workerId: string): Promise<void> {
    const client = this.held.get(workerId);
    if (!client) return;
    this.held.delete(workerId);
    // Destroying the connection drops the lock even if the unlock cannot be sent.
    client.release(true);
  }

  async alive(workerIds: readonly string[]): Promise<Set<string>> {
    if (workerIds.length === 0) return new Set();
    try {
      const result = await this.deps.pool.query<{ id: string }>(
        `SELECT id FROM unnest($1::text[]) AS w(id) WHERE NOT ${ownerGone('id')}`,
        [[...workerIds]],
      );
      return new Set(result.rows.map((r) => r.id));
    } catch (error) {
      throw toRepositoryError(error, 'worker presence');
    }
  }

  /** When the PostgreSQL server last started: every session (and its lock) ended then. */
  async serverStartedAt(): Promise<Date> {
    try {
      const result = await this.deps.pool.query<{ started: Date }>('SELECT pg_postmaster_start_time() AS started');
      return result.rows[0]?.started ?? new Date(0);
    } catch (error) {
      throw toRepositoryError(error, 'worker presence');
    }
  }

  /**
   * Test hook: the connection dies as if the process had been killed, and resolves once the
   * server has ended that session (its lock can be taken): the server notices a closed socket
   * a moment later, and a takeover checked in between would still see the worker alive.
   */
  async kill(workerId: string): Promise<void> {
    await this.leave(workerId);
    for (let i = 0; i < 100; i++) {
      const gone = await this.deps.pool.query<{ gone: boolean }>(`SELECT ${ownerGone('$1')} AS gone`, [workerId]);
      if (gone.rows[0]?.gone) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`worker ${workerId} still present 2 s after its connection was closed`);
  }
}
