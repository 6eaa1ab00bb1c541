import type { Clock } from '../ports/clock.js';
import type { QuotaGate, QuotaKind } from '../ports/quota-gate.js';
import type { CancelSignal } from '../domain/cancel.js';

/** Calls allowed per rolling minute, per kind. */
export interface QuotaLimits {
  readonly start: number;
  readonly poll: number;
}

/**
 * Vertex's window is 60 s; admitting 1 s later than that keeps a call that is slow to arrive
 * (cold client, network) from landing inside the previous minute and drawing a 429.
 */
const WINDOW_MS = 61_000;

/**
 * Sliding-window rate gate for one process: at most `limits[kind]` admissions in any 60 s.
 * Waiters are served first come, first served.
 */
export class InMemoryQuotaGate implements QuotaGate {
  private readonly admitted: Record<QuotaKind, number[]> = { start: [], poll: [] };
  private readonly blockedUntil: Record<QuotaKind, number> = { start: 0, poll: 0 };
  private readonly queues: Record<QuotaKind, Promise<unknown>> = { start: Promise.resolve(), poll: Promise.resolve() };

  constructor(private readonly deps: { clock: Clock; limits: QuotaLimits }) {
    if (!(deps.limits.start > 0) || !(deps.limits.poll > 0)) throw new RangeError('Quota limits must be positive');
  }

  acquire(kind: QuotaKind, signal?: CancelSignal): Promise<boolean> {
    const turn = this.queues[kind].then(() => this.waitForSlot(kind, signal));
    this.queues[kind] = turn.catch(() => undefined);
    return turn;
  }

  async reportThrottled(kind: QuotaKind, retryAfterMs: number): Promise<void> {
    const until = this.deps.clock.now().getTime() + Math.max(0, retryAfterMs);
    this.blockedUntil[kind] = Math.max(this.blockedUntil[kind], until);
  }

  private async waitForSlot(kind: QuotaKind, signal?: CancelSignal): Promise<boolean> {
    for (;;) {
      if (signal?.cancelled) return false;
      const now = this.deps.clock.now().getTime();
      const window = this.admitted[kind].filter((t) => t > now - WINDOW_MS);
      this.admitted[kind] = window;
      const blocked = this.blockedUntil[kind] - now;
      if (blocked <= 0 && window.length < this.deps.limits[kind]) {
        window.push(now);
        return true;
      }
      const oldest = window[0] ?? now;
      const wait = Math.max(blocked, window.length >= this.deps.limits[kind] ? oldest + WINDOW_MS - now : 0, 1);
      await this.deps.clock.sleep(wait, signal);
    }
  }
}
