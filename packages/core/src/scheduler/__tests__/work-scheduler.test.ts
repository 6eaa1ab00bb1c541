import { describe, expect, it } from 'vitest';
import { LogEvents } from '../../domain/messages.js';
import { FakeClock, flushAsync } from '../../testing/fake-clock.js';
import { MemoryLogger } from '../../testing/memory-logger.js';
import type { RunOutcome } from '../run-outcome.js';
import { backoffDelay } from '../backoff.js';
import { CancelSource } from '../../domain/cancel.js';
import { PeriodicTask } from '../periodic-task.js';
import { type Job, WorkScheduler } from '../work-scheduler.js';

function setup(options: ConstructorParameters<typeof WorkScheduler>[0]['options'] = {}) {
  const clock = new FakeClock();
  const logger = new MemoryLogger();
  return { clock, logger, scheduler: new WorkScheduler({ clock, logger, options }) };
}

/** A job that runs until `finish` is called. */
function manual(id: string, lane: Job['lane'], log: string[]) {
  let finish: ((o: RunOutcome) => void) | undefined;
  const job: Job = { id, lane, run: () => (log.push(id), new Promise<RunOutcome>((r) => (finish = r))) };
  return { job, finish: (o: RunOutcome = 'completed') => finish?.(o) };
}

describe('WorkScheduler', () => {
  it('runs resumed work before new work, FIFO within each lane, at most `concurrency` at once', async () => {
    const { scheduler } = setup({ concurrency: 2 });
    const started: string[] = [];
    const jobs = [manual('n1', 'new', started), manual('n2', 'new', started), manual('r1', 'resumed', started), manual('r2', 'resumed', started), manual('n3', 'new', started)];
    const release = scheduler.holdNewWork();
    for (const j of jobs) scheduler.enqueue(j.job);
    release();
    await flushAsync();
    expect(started).toEqual(['r1', 'r2']);
    expect(scheduler.stats()).toMatchObject({ running: 2, queued: 3 });
    expect(scheduler.position('n2')).toBe(2);
    jobs[2]!.finish();
    await flushAsync();
    expect(started).toEqual(['r1', 'r2', 'n1']);
    for (let round = 0; round < 3; round++) {
      for (const j of jobs) j.finish();
      await flushAsync();
    }
    await scheduler.whenIdle();
    expect(started).toEqual(['r1', 'r2', 'n1', 'n2', 'n3']);
    expect(scheduler.stats().finished.completed).toBe(5);
  });

  it('does not queue the same request twice', async () => {
    const { scheduler } = setup({ concurrency: 1 });
    const log: string[] = [];
    const a = manual('a', 'new', log);
    const first = scheduler.enqueue(a.job);
    const second = scheduler.enqueue(manual('a', 'resumed', log).job);
    expect(second.done).toBe(first.done);
    a.finish();
    await scheduler.whenIdle();
    expect(log).toEqual(['a']);
  });

  it('caps each job at the time limit, logs a warning, calls onTimeout and moves on', async () => {
    const { scheduler, clock, logger } = setup({ concurrency: 1, taskTimeoutMs: 10 * 60_000 });
    let timedOut = false;
    let signalled = false;
    const stuck: Job = {
      id: 'stuck',
      lane: 'resumed',
      run: (signal) => new Promise<RunOutcome>(() => signal.onCancel(() => (signalled = true))),
      onTimeout: async () => {
        timedOut = true;
      },
    };
    const next = manual('next', 'resumed', []);
    const stuckDone = scheduler.enqueue(stuck).done;
    scheduler.enqueue(next.job);
    await clock.advance(10 * 60_000);
    expect(await stuckDone).toBe('timeout');
    expect(timedOut && signalled).toBe(true);
    expect(logger.find(LogEvents.taskTimeout)[0]).toMatchObject({ level: 'warn', fields: { request_id: 'stuck', timeout_ms: 600_000 } });
    expect(scheduler.position('next')).toBe(0);
  });

  it('never lets a job\'s error escape: logged with stack, counted as failed, next job runs', async () => {
    const { scheduler, logger } = setup({ concurrency: 1 });
    const bad: Job = { id: 'bad', lane: 'new', run: async () => Promise.reject(new Error('kaboom')) };
    const good: Job = { id: 'good', lane: 'new', run: async () => 'completed' };
    expect(await scheduler.enqueue(bad).done).toBe('failed');
    expect(await scheduler.enqueue(good).done).toBe('completed');
    expect(logger.find(LogEvents.taskError)[0]?.fields).toMatchObject({ request_id: 'bad', error_message: 'kaboom', stack_trace: expect.stringContaining('kaboom') });
  });

  it('logs progress every 5 finished jobs', async () => {
    const { scheduler, logger } = setup({ progressEvery: 5 });
    for (let i = 0; i < 11; i++) scheduler.enqueue({ id: `j${i}`, lane: 'new', run: async () => 'completed' });
    await scheduler.whenIdle();
    expect(logger.find('Queue progress').map((e) => e.fields.processed)).toEqual([5, 10]);
  });

  it('cancel drops a queued job and signals a running one; shutdown winds everything down', async () => {
    const { scheduler } = setup({ concurrency: 1 });
    let cancelled = false;
    const running: Job = { id: 'run', lane: 'new', run: (signal) => new Promise<RunOutcome>((r) => signal.onCancel(() => ((cancelled = true), r('skipped')))) };
    const runningDone = scheduler.enqueue(running).done;
    const queuedDone = scheduler.enqueue({ id: 'q', lane: 'new', run: async () => 'completed' }).done;
    scheduler.cancel('q');
    expect(await queuedDone).toBe('skipped');
    await scheduler.shutdown();
    expect(cancelled).toBe(true);
    expect(await runningDone).toBe('skipped');
    expect(await scheduler.enqueue({ id: 'late', lane: 'new', run: async () => 'completed' }).done).toBe('skipped');
  });

  it('refuses a concurrency below 1', () => {
    expect(() => setup({ concurrency: 0 })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('backoff grows exponentially with jitter and a cap', () => {
    expect(backoffDelay(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('a cancel source notifies listeners once, and late subscribers at once', () => {
    const source = new CancelSource();
    let calls = 0;
    const off = source.signal.onCancel(() => calls++);
    source.cancel();
    source.cancel();
    off();
    source.signal.onCancel(() => calls++);
    expect(calls).toBe(2);
    expect(source.signal.cancelled).toBe(true);
  });

  it('a periodic task keeps going after a failing run and stops cleanly', async () => {
    const clock = new FakeClock();
    const logger = new MemoryLogger();
    let runs = 0;
    const task = new PeriodicTask({ clock, logger }, 'flaky', 1000, async () => {
      runs += 1;
      if (runs === 1) throw new Error('first run fails');
    });
    task.start();
    await clock.advance(3500);
    expect(runs).toBe(3);
    expect(logger.find('Periodic task failed: flaky')).toHaveLength(1);
    await task.stop();
    await clock.advance(5000);
    expect(runs).toBe(3);
  });
});
