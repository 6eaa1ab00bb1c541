import { percentile } from './stats-math.js';

/** How soon a request's video should be ready; `unknown` when history is too thin to say. */
export type Eta =
  | { readonly kind: 'estimate'; readonly readyInMs: number; readonly typicalMs: number; readonly samples: number }
  | { readonly kind: 'unknown' };

/** Completed durations considered (the most recent of the same model). */
export const ETA_SAMPLE_SIZE = 20;
/** Fewer samples than this give no estimate: no estimate is better than a wrong one. */
export const ETA_MIN_SAMPLES = 5;

/** What the estimate is made from. */
export interface EtaInput {
  /** Generation times (ms) of recent completed requests of the same model. */
  readonly samplesMs: readonly number[];
  /** 1-based place in the queue; 0 when already running. */
  readonly position: number;
  /** Requests generated at once. */
  readonly concurrency: number;
  /** Time already spent generating (for a running request). */
  readonly elapsedMs?: number;
  readonly minSamples?: number;
}

/**
 * Ready in ≈ p50 × (position / concurrency + 1) − elapsed: each slot ahead of us finishes a
 * typical video, then ours takes one. Pure, so it is tested against a seeded history.
 */
export function estimateReadyIn(input: EtaInput): Eta {
  const samples = input.samplesMs.filter((s) => Number.isFinite(s) && s >= 0);
  if (samples.length < (input.minSamples ?? ETA_MIN_SAMPLES)) return { kind: 'unknown' };
  const typicalMs = percentile(samples, 0.5) ?? 0;
  const waits = Math.max(0, input.position) / Math.max(1, input.concurrency);
  const readyInMs = Math.max(0, Math.round(typicalMs * (waits + 1) - (input.elapsedMs ?? 0)));
  return { kind: 'estimate', readyInMs, typicalMs: Math.round(typicalMs), samples: samples.length };
}
