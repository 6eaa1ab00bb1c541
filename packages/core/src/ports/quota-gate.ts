import type { CancelSignal } from '../domain/cancel.js';

/** Which Vertex budget a call uses: starting a generation, or polling one. */
export type QuotaKind = 'start' | 'poll';

/**
 * Admission to Vertex calls within the project's requests-per-minute quota.
 * One process uses an in-memory gate; several instances share one through Postgres.
 */
export interface QuotaGate {
  /** Waits for a slot; resolves `false` only when `signal` is cancelled first. */
  acquire(kind: QuotaKind, signal?: CancelSignal): Promise<boolean>;
  /** Vertex answered 429: hold back every caller of `kind` for `retryAfterMs`. */
  reportThrottled(kind: QuotaKind, retryAfterMs: number): Promise<void>;
}
