import type { CancelSignal, Clock } from '@veo-bot/core';

/** Wall-clock time and real timers. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  sleep(ms: number, signal?: CancelSignal): Promise<void> {
    if (signal?.cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      const unsubscribe = signal?.onCancel(done);
      function done() {
        clearTimeout(timer);
        unsubscribe?.();
        resolve();
      }
    });
  }
}
