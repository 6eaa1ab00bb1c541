import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { Logger } from '@veo-bot/core';
import { toRepositoryError } from './errors.js';

/** Durations above which a query is logged (TRK-14: info over 100 ms, warning over 500 ms). */
export interface SlowQueryThresholds {
  readonly infoMs: number;
  readonly warnMs: number;
}

/** TRK-14's thresholds. */
export const DEFAULT_SLOW_QUERY: SlowQueryThresholds = { infoMs: 100, warnMs: 500 };

/**
 * Runs named queries: times each one (logging "Slow query" past the thresholds) and turns
 * connection failures into RepositoryUnavailableError.
 */
export class SqlRunner {
  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly slow: SlowQueryThresholds = DEFAULT_SLOW_QUERY,
  ) {}

  /** Runs `text` with `params` as query `type` (the name logged when it is slow). */
  async query<R extends pg.QueryResultRow>(type: string, text: string, params: readonly unknown[] = []): Promise<pg.QueryResult<R>> {
    const started = performance.now();
    try {
      return await this.pool.query<R>(text, params as unknown[]);
    } catch (error) {
      throw toRepositoryError(error, type);
    } finally {
      this.report(type, params.length, performance.now() - started);
    }
  }

  private report(type: string, paramCount: number, ms: number): void {
    if (ms <= this.slow.infoMs) return;
    const fields = { query_type: type, param_count: paramCount, duration_ms: Math.round(ms) };
    if (ms > this.slow.warnMs) this.logger.warn('Slow query', fields);
    else this.logger.info('Slow query', fields);
  }
}
