import type { CancelSignal, Clock } from '@veo-bot/core';
import type { SimTime, SimTimer } from './sim-time.js';

/** What the world decides about one port call. */
export interface CallPlan {
  /** Simulated ms before the call reaches the other side (0: none). */
  readonly preMs: number;
  /** Simulated ms before its answer comes back. */
  readonly postMs: number;
  /** Kill the process at this await point: before the effect, or after it (answer lost). */
  readonly crash: 'before' | 'after' | null;
  /** The effect happens but the answer is lost (a database commit whose reply never arrives). */
  readonly lostAnswer: boolean;
}

/** The world as a gate sees it. */
export interface GateWorld {
  readonly time: SimTime;
  planCall(gate: Gate, label: string): CallPlan;
  crash(gate: Gate, why: string): void;
}

/** A promise that never settles: what a dead process's awaits turn into. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * One simulated process's door to the world: every port call of that process passes through
 * it, so the world can delay it, lose its answer, or kill the process at that very await.
 * After `kill`, every pending and future call and sleep never settles.
 */
export class Gate {
  alive = true;
  private readonly timers = new Set<SimTimer>();

  constructor(
    private readonly world: GateWorld,
    readonly name: string,
  ) {}

  /** Resolves after `ms` of simulated time (early on `signal`), unless the process dies first. */
  sleep(ms: number, signal?: CancelSignal): Promise<void> {
    if (!this.alive) return never();
    if (signal?.cancelled) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = this.world.time.schedule(ms, () => {
        this.timers.delete(timer);
        unsubscribe?.();
        if (this.alive) resolve();
      });
      this.timers.add(timer);
      const unsubscribe = signal?.onCancel(() => {
        this.world.time.cancel(timer);
        this.timers.delete(timer);
        if (this.alive) resolve();
      });
    });
  }

  /** The process is gone: its timers are dropped and nothing it waits for ever arrives. */
  kill(): void {
    this.alive = false;
    for (const timer of this.timers) this.world.time.cancel(timer);
    this.timers.clear();
  }

  /** Runs `effect` (the other side of the call) under the world's plan for `label`. */
  async call<T>(label: string, effect: () => T | Promise<T>, lost?: () => Error): Promise<T> {
    if (!this.alive) return never();
    const plan = this.world.planCall(this, label);
    if (plan.preMs > 0) await this.sleep(plan.preMs);
    if (!this.alive) return never();
    if (plan.crash === 'before') {
      this.world.crash(this, `before ${label}`);
      return never();
    }
    let result: Settled<T>;
    try {
      result = { ok: true, value: await effect() };
    } catch (error) {
      result = { ok: false, error };
    }
    if (!this.alive) return never();
    if (plan.crash === 'after') {
      this.world.crash(this, `after ${label}`);
      return never();
    }
    if (plan.lostAnswer && lost && result.ok) result = { ok: false, error: lost() };
    if (plan.postMs > 0) await this.sleep(plan.postMs);
    if (!result.ok) throw result.error;
    return result.value;
  }
}

/** Core's Clock port for one process: simulated time, timers that die with the process. */
export class GateClock implements Clock {
  constructor(
    private readonly time: SimTime,
    private readonly gate: Gate,
    /** Sees every sleep the process asks for (the ground truth notices a back-off). */
    private readonly onSleep?: (ms: number) => void,
  ) {}

  now(): Date {
    return new Date(this.time.now);
  }

  sleep(ms: number, signal?: CancelSignal): Promise<void> {
    this.onSleep?.(ms);
    return this.gate.sleep(ms, signal);
  }
}

/** Options of {@link gated}. */
export interface GatedOptions {
  /** Methods called straight through (synchronous ones such as `isJoined`). */
  readonly direct?: readonly string[];
  /** The error a lost answer becomes (e.g. RepositoryUnavailableError); none: answers are never lost. */
  readonly lost?: () => Error;
  /** Sees each effect's result at the moment it happened (before a crash or lost answer). */
  readonly observe?: (method: string, args: readonly unknown[], result: unknown) => void;
}

/** `target` with every async method routed through `gate` as `${prefix}.${method}`. */
export function gated<T extends object>(target: T, gate: Gate, prefix: string, options: GatedOptions = {}): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop !== 'string' || options.direct?.includes(prop)) return fn.bind(obj);
      return (...args: unknown[]) =>
        gate.call(
          `${prefix}.${prop}`,
          async () => {
            const result = await fn.apply(obj, args);
            options.observe?.(prop, args, result);
            return result;
          },
          options.lost,
        );
    },
  });
}
