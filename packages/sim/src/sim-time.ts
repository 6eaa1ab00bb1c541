import { setImmediate } from 'node:timers';

/** One pending wake-up on the simulated clock. */
export interface SimTimer {
  readonly due: number;
  readonly seq: number;
  readonly fire: () => void;
  cancelled: boolean;
}

const before = (x: SimTimer, y: SimTimer) => x.due < y.due || (x.due === y.due && x.seq < y.seq);

/**
 * Simulated time of one world: a clock that only moves when the world says so, and a heap of
 * timers ordered by (due, creation order) so that equal times always fire in the same order.
 */
export class SimTime {
  private readonly heap: SimTimer[] = [];
  private seq = 0;

  constructor(public now: number) {}

  /** Calls `fire` once the clock reaches now + `delayMs`. */
  schedule(delayMs: number, fire: () => void): SimTimer {
    const timer: SimTimer = { due: this.now + Math.max(0, delayMs), seq: this.seq++, fire, cancelled: false };
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
    return timer;
  }

  /** The timer will not fire (removed lazily). */
  cancel(timer: SimTimer): void {
    timer.cancelled = true;
  }

  /** Due time of the earliest live timer. */
  peek(): number | undefined {
    while (this.heap[0]?.cancelled) this.pop();
    return this.heap[0]?.due;
  }

  /** Removes and returns every live timer due at the earliest due time, in order; moves the clock there. */
  takeNext(): SimTimer[] {
    const due = this.peek();
    if (due === undefined) return [];
    this.now = Math.max(this.now, due);
    const out: SimTimer[] = [];
    while (this.heap.length > 0 && (this.heap[0]!.cancelled || this.heap[0]!.due <= this.now)) {
      const t = this.pop();
      if (!t.cancelled) out.push(t);
    }
    return out;
  }

  /** Live and cancelled timers still in the heap. */
  get size(): number {
    return this.heap.length;
  }

  private pop(): SimTimer {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Lets every promise chain that can run without the clock run to its next wait. Nothing in a
 * world does real I/O, so one macrotask turn drains all microtasks.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
