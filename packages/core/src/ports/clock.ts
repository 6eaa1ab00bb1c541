import type { CancelSignal } from '../domain/cancel.js';

/** Time, as the core sees it. Adapters give wall time; tests give a clock they advance. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or early (without error) when `signal` is cancelled. */
  sleep(ms: number, signal?: CancelSignal): Promise<void>;
}
