import type { Logger } from '@veo-bot/core';

/** What a stop that ran out of time reports about the work it left. */
export type LeftBehind = () => Record<string, unknown>;

/** Options of {@link stopWithDeadline}. */
export interface StopDeadlineOptions {
  readonly stop: () => Promise<void>;
  readonly seconds: number;
  readonly logger: Logger;
  /** Called at the deadline: what this process still holds (e.g. queued and running requests). */
  readonly left: LeftBehind;
  /** Ends the process (flush logs first); called with 1 at the deadline. */
  readonly exit: (code: number) => void;
}

/**
 * Runs `stop` with a hard deadline. Past `seconds`, it logs what was left and calls `exit(1)`
 * instead of waiting for a SIGKILL. What is left stays resumable: rows keep their status and
 * operation, and this process's presence lock ends with it, so another instance takes them over.
 * Resolves `true` when the stop finished in time; a stop that fails rejects as before.
 */
export async function stopWithDeadline(options: StopDeadlineOptions): Promise<boolean> {
  const { stop, seconds, logger, left, exit } = options;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), seconds * 1000);
  });
  try {
    const outcome = await Promise.race([stop().then(() => 'stopped' as const), deadline]);
    if (outcome === 'stopped') return true;
  } finally {
    clearTimeout(timer);
  }
  logger.error('Shutdown deadline passed: exiting with work left', { deadline_seconds: seconds, ...left() });
  exit(1);
  return false;
}
