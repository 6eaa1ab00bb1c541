import type pg from 'pg';
import { RepositoryUnavailableError } from '@veo-bot/core';
import type { CancelSignal, Clock, Logger, QuotaGate, QuotaKind, QuotaLimits } from '@veo-bot/core';
import { SqlRunner } from './sql-runner.js';

/** What {@link PgQuotaGate} needs. */
export interface PgQuotaGateDeps {
  /** A pool on a schema migrated with `migrate` (it holds `vertex_quota_state`). */
  readonly pool: pg.Pool;
  /** Time source: admissions are stamped and awaited with it, never with the server's clock. */
  readonly clock: Clock;
  /** Calls per rolling minute for the whole project, shared by every instance. */
  readonly limits: QuotaLimits;
  readonly logger: Logger;
  /** Used while Postgres is unreachable (e.g. an InMemoryQuotaGate with this instance's share). */
  readonly fallback?: QuotaGate;
}

// 60 s plus a 1 s margin: Vertex counts a call when it arrives, a little after we admit it.
const WINDOW = `interval '61 seconds'`;

// One statement, serialised by the row lock on the kind's row: the admission time is the
// earliest instant that is not before now, not inside a 429 block, and at least a window after
// the limit-th latest admission; the row keeps the admissions still inside the window (and
// reservations ahead of now), oldest first.
const ADMIT = `greatest($2::timestamptz, q.blocked_until, q.recent[cardinality(q.recent) - $3::int + 1] + ${WINDOW})`;
const RESERVE_SQL = `
  INSERT INTO vertex_quota_state AS q (kind, recent, last_admit) VALUES ($1, ARRAY[$2::timestamptz], $2)
  ON CONFLICT (kind) DO UPDATE SET
    last_admit = ${ADMIT},
    recent = (SELECT array_agg(t ORDER BY t) FROM unnest(q.recent || ${ADMIT}) AS t WHERE t > $2::timestamptz - ${WINDOW})
  RETURNING last_admit`;
const RELEASE_SQL = `
  UPDATE vertex_quota_state SET recent = recent[:array_position(recent, $2) - 1] || recent[array_position(recent, $2) + 1:]
  WHERE kind = $1 AND $2 = ANY(recent)`;
const BLOCK_SQL = `
  INSERT INTO vertex_quota_state AS q (kind, blocked_until) VALUES ($1, $2)
  ON CONFLICT (kind) DO UPDATE SET blocked_until = greatest(q.blocked_until, EXCLUDED.blocked_until)`;

/**
 * QuotaGate shared by every instance through Postgres. Each call reserves its admission time
 * in one statement, then waits on the Clock until that time: at most `limits[kind]` admissions
 * in any 60 s window across all instances, first come first served. A cancelled waiter gives
 * its reservation back.
 */
export class PgQuotaGate implements QuotaGate {
  private readonly sql: SqlRunner;
  private readonly localBlock: Record<QuotaKind, number> = { start: 0, poll: 0 };

  constructor(private readonly deps: PgQuotaGateDeps) {
    if (!(deps.limits.start > 0) || !(deps.limits.poll > 0)) throw new RangeError('Quota limits must be positive');
    this.sql = new SqlRunner(deps.pool, deps.logger);
  }

  async acquire(kind: QuotaKind, signal?: CancelSignal): Promise<boolean> {
    for (;;) {
      if (signal?.cancelled) return false;
      let admitAt: Date;
      try {
        admitAt = await this.reserve(kind);
      } catch (error) {
        if (!(error instanceof RepositoryUnavailableError) || !this.deps.fallback) throw error;
        this.deps.logger.warn('Quota gate using local limits', { kind, error_message: error.message });
        return this.deps.fallback.acquire(kind, signal);
      }
      const wait = admitAt.getTime() - this.deps.clock.now().getTime();
      if (wait > 0) await this.deps.clock.sleep(wait, signal);
      // This instance saw a 429 after the reservation was made: give it back, wait, queue again.
      const blocked = this.localBlock[kind] > admitAt.getTime();
      if (!signal?.cancelled && !blocked) return true;
      await this.release(kind, admitAt);
      if (blocked && !signal?.cancelled) await this.deps.clock.sleep(Math.max(1, this.localBlock[kind] - this.deps.clock.now().getTime()), signal);
    }
  }

  async reportThrottled(kind: QuotaKind, retryAfterMs: number): Promise<void> {
    const until = this.deps.clock.now().getTime() + Math.max(0, retryAfterMs);
    this.localBlock[kind] = Math.max(this.localBlock[kind], until);
    try {
      await this.sql.query('quota_block', BLOCK_SQL, [kind, new Date(until)]);
    } catch (error) {
      if (!(error instanceof RepositoryUnavailableError)) throw error;
      await this.deps.fallback?.reportThrottled(kind, retryAfterMs);
    }
  }

  private async reserve(kind: QuotaKind): Promise<Date> {
    const result = await this.sql.query<{ last_admit: Date }>('quota_reserve', RESERVE_SQL, [kind, this.deps.clock.now(), this.deps.limits[kind]]);
    const row = result.rows[0];
    if (!row) throw new Error('Quota reservation returned no row');
    return row.last_admit;
  }

  private async release(kind: QuotaKind, admitAt: Date): Promise<void> {
    await this.sql.query('quota_release', RELEASE_SQL, [kind, admitAt]).catch((error: unknown) => {
      // A reservation not given back only costs capacity until it ages out of the window.
      this.deps.logger.debug('Could not release quota reservation', { error_message: error instanceof Error ? error.message : String(error) });
    });
  }
}
