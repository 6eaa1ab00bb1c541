import type { Clock } from '../ports/clock.js';
import type { CancelSignal } from '../domain/cancel.js';

declare const setImmediate: (fn: () => void) => unknown;

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** Lets pending promise chains run (one macrotask turn, repeated). */
export async function flushAsync(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A clock tests control. Manual mode: time moves only on `advance`. Auto mode: whenever every
 * piece of work is waiting on a sleep, time jumps to the earliest one (a discrete-event
 * simulation), so ten simulated minutes take milliseconds and concurrency stays realistic.
 */
export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private seq = 0;
  private autoScheduled = false;
  /** Every sleep requested, in ms (to assert backoff). */
  readonly sleeps: number[] = [];

  constructor(
    start: Date | number = Date.UTC(2026, 10, 23, 12, 0, 0),
    private readonly options: { auto?: boolean } = {},
  ) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Pending sleepers (to assert that work is waiting). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  sleep(ms: number, signal?: CancelSignal): Promise<void> {
    this.sleeps.push(ms);
    if (signal?.cancelled) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer: Timer = { due: this.current + Math.max(0, ms), seq: this.seq++, resolve: () => undefined };
      const done = () => {
        this.timers = this.timers.filter((t) => t !== entry);
        unsubscribe?.();
        resolve();
      };
      const entry: Timer = { ...timer, resolve: done };
      this.timers.push(entry);
      const unsubscribe = signal?.onCancel(done);
      this.scheduleAuto();
    });
  }

  /** Moves time forward by `ms`, waking sleepers in order and letting their work run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushAsync();
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > target) break;
      this.current = Math.max(this.current, next.due);
      next.resolve();
      await flushAsync();
    }
    this.current = target;
    await flushAsync();
  }

  /** Sets the time (never backwards). */
  set(to: Date): void {
    this.current = Math.max(this.current, to.getTime());
  }

  private earliest(): Timer | undefined {
    return [...this.timers].sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
  }

  private scheduleAuto(): void {
    if (!this.options.auto || this.autoScheduled) return;
    this.autoScheduled = true;
    void flushAsync(2).then(() => {
      this.autoScheduled = false;
      const next = this.earliest();
      if (!next) return;
      this.current = Math.max(this.current, next.due);
      for (const t of this.timers.filter((x) => x.due <= this.current)) t.resolve();
      if (this.timers.length > 0) this.scheduleAuto();
    });
  }
}
