import { LogEvents } from '../domain/messages.js';
import { describeError } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RunOutcome } from './run-outcome.js';
import { type CancelSignal, CancelSource } from '../domain/cancel.js';

/** Resumed work runs before new work; FIFO within each lane. */
export type Lane = 'resumed' | 'new';

/** One unit of work: usually "take this request to a terminal state". */
export interface Job {
  /** The request id; a job already queued or running with this id is not added twice. */
  readonly id: string;
  readonly lane: Lane;
  /** False for a request accepted while the database was down: it has no row or lease yet. */
  readonly leased?: boolean;
  run(signal: CancelSignal): Promise<RunOutcome>;
  /** Called when the job exceeded the time cap (after its signal was cancelled). */
  onTimeout?(work: Promise<RunOutcome>): Promise<void>;
}

/** Tuning of the scheduler. */
export interface SchedulerOptions {
  /** Jobs running at once (RES-12: 3). */
  readonly concurrency: number;
  /** Cap per job, then timeout and move on (RES-13: 10 minutes). */
  readonly taskTimeoutMs: number;
  /** Log a progress line every N finished jobs (RES-12: 5). */
  readonly progressEvery: number;
}

/** Default tuning: 3 at once, 10 minutes each, progress every 5. */
export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { concurrency: 3, taskTimeoutMs: 10 * 60_000, progressEvery: 5 };

interface Entry {
  readonly job: Job;
  readonly cancel: CancelSource;
  readonly done: Promise<RunOutcome>;
  resolve(outcome: RunOutcome): void;
}

/** Snapshot of the queue (for metrics and health). */
export interface SchedulerStats {
  readonly queued: number;
  readonly running: number;
  readonly finished: Readonly<Record<RunOutcome, number>>;
}

/**
 * The one work queue: two lanes, bounded concurrency, a time cap per job. Never throws out of
 * a job: errors are logged with their stack and the job counts as failed.
 */
export class WorkScheduler {
  private readonly lanes: Record<Lane, Entry[]> = { resumed: [], new: [] };
  private readonly running = new Map<string, Entry>();
  private readonly expected = new Set<string>();
  private readonly finished: Record<RunOutcome, number> = { completed: 0, failed: 0, timeout: 0, skipped: 0 };
  private idleWaiters: (() => void)[] = [];
  private roomWaiters: { readonly atMost: number; readonly resolve: () => void }[] = [];
  /** Resumed requests planned but still in the database (see {@link expectResumed}). */
  private unread = 0;
  private newLaneHolds = 0;
  private stopped = false;
  private readonly options: SchedulerOptions;

  constructor(private readonly deps: { clock: Clock; logger: Logger; options?: Partial<SchedulerOptions> }) {
    this.options = { ...DEFAULT_SCHEDULER_OPTIONS, ...deps.options };
    if (!(this.options.concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
  }

  /** Adds a job; returns its 1-based queue position (0 when it starts at once) and its outcome. */
  enqueue(job: Job): { position: number; done: Promise<RunOutcome> } {
    const existing = this.find(job.id);
    if (existing) return { position: this.position(job.id) ?? 0, done: existing.done };
    if (this.stopped) return { position: 0, done: Promise.resolve('skipped') };
    let resolve!: (o: RunOutcome) => void;
    const done = new Promise<RunOutcome>((r) => (resolve = r));
    const entry: Entry = { job, cancel: new CancelSource(), done, resolve };
    this.lanes[job.lane].push(entry);
    const position = this.position(job.id) ?? 0;
    this.pump();
    return { position: this.running.has(job.id) ? 0 : position, done };
  }

  /**
   * Holds new work back (it is still accepted and queued) until the returned release is
   * called: startup resume uses it so resumed requests are queued first (RES-11).
   */
  holdNewWork(): () => void {
    this.newLaneHolds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.newLaneHolds -= 1;
      this.pump();
    };
  }

  /**
   * 1-based position among queued jobs (resumed lane first, counting the resumed requests not
   * read yet, see {@link expectResumed}), 0 if running, null if unknown.
   */
  position(id: string): number | null {
    if (this.running.has(id)) return 0;
    const resumed = this.lanes.resumed.findIndex((e) => e.job.id === id);
    if (resumed >= 0) return resumed + 1;
    const index = this.lanes.new.findIndex((e) => e.job.id === id);
    return index < 0 ? null : this.lanes.resumed.length + this.unread + index + 1;
  }

  /**
   * Says how many resumed requests are still to come from the database: resume reads a large
   * backlog a page at a time, and they count as queued (ahead of new work) meanwhile.
   */
  expectResumed(count: number): void {
    this.unread = Math.max(0, count);
  }

  /** Resumed jobs queued here now (not running, not still in the database). */
  queuedResumed(): number {
    return this.lanes.resumed.length;
  }

  /** Resolves once at most `atMost` resumed jobs are queued, or the scheduler stopped. */
  whenResumedAtMost(atMost: number): Promise<void> {
    if (this.stopped || this.lanes.resumed.length <= atMost) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ atMost, resolve }));
  }

  /** True once {@link shutdown} began. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /**
   * Marks `id` as this process's own before its job exists (a row being created, then queued),
   * so that the takeover sweep of this very process leaves it alone. Returns the release.
   */
  expect(id: string): () => void {
    this.expected.add(id);
    return () => this.expected.delete(id);
  }

  /** Ids this process works on or is about to: queued, running, or expected. */
  busyIds(): Set<string> {
    return new Set([...this.running.keys(), ...this.lanes.resumed.map((e) => e.job.id), ...this.lanes.new.map((e) => e.job.id), ...this.expected]);
  }

  /**
   * Ids of every queued or running job holding a lease (their leases must be kept alive), and
   * of those without one (accepted while the database was down) for which `hasRow` says a row
   * exists by now.
   */
  activeIds(hasRow?: (id: string) => boolean): string[] {
    const entries = [...this.running.values(), ...this.lanes.resumed, ...this.lanes.new];
    return entries.filter((e) => e.job.leased !== false || hasRow?.(e.job.id) === true).map((e) => e.job.id);
  }

  /** Cancels one job (e.g. its lease was lost): dropped if queued, signalled if running. */
  cancel(id: string): void {
    for (const lane of Object.values(this.lanes)) {
      const index = lane.findIndex((e) => e.job.id === id);
      if (index >= 0) {
        const [entry] = lane.splice(index, 1);
        entry?.resolve('skipped');
        this.finished.skipped += 1;
      }
    }
    this.running.get(id)?.cancel.cancel();
    this.wakeRoomWaiters();
    this.checkIdle();
  }

  stats(): SchedulerStats {
    return { queued: this.lanes.resumed.length + this.unread + this.lanes.new.length, running: this.running.size, finished: { ...this.finished } };
  }

  /** Resolves when nothing is queued or running. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  /** Stops taking work, drops the queue, cancels running jobs and waits for them to wind down. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    for (const lane of Object.values(this.lanes)) for (const entry of lane.splice(0)) entry.resolve('skipped');
    this.unread = 0;
    this.wakeRoomWaiters();
    for (const entry of this.running.values()) entry.cancel.cancel();
    await Promise.all([...this.running.values()].map((e) => e.done));
    this.checkIdle();
  }

  private find(id: string): Entry | undefined {
    return this.running.get(id) ?? [...this.lanes.resumed, ...this.lanes.new].find((e) => e.job.id === id);
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.lanes.resumed.length === 0 && this.lanes.new.length === 0;
  }

  private wakeRoomWaiters(): void {
    if (this.roomWaiters.length === 0) return;
    const queued = this.lanes.resumed.length;
    const ready = this.roomWaiters.filter((w) => this.stopped || queued <= w.atMost);
    this.roomWaiters = this.roomWaiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) w();
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency) {
      const entry = this.lanes.resumed.shift() ?? (this.newLaneHolds === 0 ? this.lanes.new.shift() : undefined);
      if (!entry) break;
      this.running.set(entry.job.id, entry);
      void this.runEntry(entry);
    }
    this.wakeRoomWaiters();
  }

  private async runEntry(entry: Entry): Promise<void> {
    const { job } = entry;
    const timer = new CancelSource();
    let timedOut = false;
    const timeout = this.deps.clock.sleep(this.options.taskTimeoutMs, timer.signal).then(() => {
      if (timer.signal.cancelled) return 'never' as const;
      timedOut = true;
      return 'timeout' as const;
    });
    const work = job.run(entry.cancel.signal).catch((error: unknown) => {
      this.deps.logger.error(LogEvents.taskError, { request_id: job.id, ...describeError(error) });
      return 'failed' as const;
    });
    let outcome: RunOutcome = await Promise.race([work, timeout.then((t) => (t === 'timeout' ? t : work))]);
    timer.cancel();
    if (timedOut) {
      outcome = 'timeout';
      entry.cancel.cancel();
      this.deps.logger.warn(LogEvents.taskTimeout, { request_id: job.id, timeout_ms: this.options.taskTimeoutMs });
      await job.onTimeout?.(work).catch((error: unknown) => this.deps.logger.error(LogEvents.taskError, { request_id: job.id, ...describeError(error) }));
    }
    this.running.delete(job.id);
    this.finished[outcome] += 1;
    entry.resolve(outcome);
    const total = Object.values(this.finished).reduce((a, b) => a + b, 0);
    if (total % this.options.progressEvery === 0) {
      this.deps.logger.info('Queue progress', { processed: total, ...this.finished, queued: this.stats().queued, running: this.running.size });
    }
    this.pump();
    this.checkIdle();
  }
}
