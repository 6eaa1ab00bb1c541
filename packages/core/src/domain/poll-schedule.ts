import { ETA_MIN_SAMPLES } from './eta.js';

/**
 * When to ask Vertex again whether a video is ready. Without history the schedule is the
 * classic one (10 s, growing ×1.5 to 30 s: a finished video waits ~15 s on average). With a
 * model's recent generation times it follows their distribution: sparse while the video cannot
 * be ready yet, dense across the window in which nearly all of them finish, sparse again in the
 * long tail. Pure, so it is tested on its own and benchmarked on the simulator's clock.
 */
export interface PollScheduleOptions {
  /** First wait without history, and its growth and ceiling (today's schedule). */
  readonly firstMs: number;
  readonly growth: number;
  /** The longest wait anywhere (the status message's progress also moves on each poll). */
  readonly maxMs: number;
  /** The wait inside the window where the video usually finishes. */
  readonly denseMs: number;
  /** How much of the fitted distribution the dense window covers, as a two-sided z (2.054: 2 %–98 %). */
  readonly windowZ: number;
}

/** Defaults: 10 s ×1.5 → 30 s without history; 3 s across 2 %–98 % of the model's times. */
export const DEFAULT_POLL_SCHEDULE: PollScheduleOptions = { firstMs: 10_000, growth: 1.5, maxMs: 30_000, denseMs: 3_000, windowZ: 2.054 };

/** The window (ms since the start was accepted) in which a model's videos usually finish. */
export interface FinishWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** What the next wait is decided from. */
export interface PollStep {
  /** Recent generation times (ms) of the same model; fewer than {@link ETA_MIN_SAMPLES}: no history. */
  readonly samplesMs: readonly number[];
  /** Time since the start was accepted. */
  readonly elapsedMs: number;
  /** The previous wait (the no-history schedule grows it); undefined before the first. */
  readonly previousMs?: number;
}

/** Spread of log-times below which samples are treated as this noisy (identical times still get a window). */
const MIN_SIGMA = 0.1;

/**
 * Fits a log-normal to the samples (generation times are positive and right-skewed) and returns
 * the window between its `z`-quantiles, widened to every time actually seen (history is short and
 * not always log-normal); null without enough history.
 */
export function finishWindow(samplesMs: readonly number[], z = DEFAULT_POLL_SCHEDULE.windowZ): FinishWindow | null {
  const seen = samplesMs.filter((s) => Number.isFinite(s) && s > 0);
  if (seen.length < ETA_MIN_SAMPLES) return null;
  const logs = seen.map((s) => Math.log(s));
  const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
  const variance = logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (logs.length - 1);
  const sigma = Math.max(MIN_SIGMA, Math.sqrt(variance));
  return { fromMs: Math.min(Math.exp(mu - z * sigma), ...seen), toMs: Math.max(Math.exp(mu + z * sigma), ...seen) };
}

/** The wait before the next poll. */
export function nextPollDelay(step: PollStep, options: PollScheduleOptions = DEFAULT_POLL_SCHEDULE): number {
  const window = finishWindow(step.samplesMs, options.windowZ);
  if (!window) return step.previousMs === undefined ? options.firstMs : Math.min(options.maxMs, Math.round(step.previousMs * options.growth));
  const { elapsedMs } = step;
  // A fixed schedule set to start faster than the dense wait (a fast fake, a test) stays that fast.
  const dense = Math.min(options.denseMs, options.firstMs);
  // Before the window: sleep until it opens (never longer than the ceiling).
  if (elapsedMs < window.fromMs - dense) return Math.min(options.maxMs, Math.max(dense, Math.round(window.fromMs - elapsedMs)));
  if (elapsedMs <= window.toMs) return dense;
  // The long tail: back off gradually, a quarter of the time spent past the window.
  return Math.min(Math.max(dense, options.maxMs), Math.round(dense + (elapsedMs - window.toMs) / 4));
}
