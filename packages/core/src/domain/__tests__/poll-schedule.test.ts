import { describe, expect, it } from 'vitest';
import { PollPacer } from '../../services/poll-pacer.js';
import { DEFAULT_POLL_SCHEDULE, finishWindow, nextPollDelay } from '../poll-schedule.js';

/** Twenty generation times around 70 s (50 s … 140 s). */
const HISTORY = [50, 55, 58, 60, 62, 64, 66, 68, 70, 70, 72, 74, 78, 82, 88, 95, 100, 110, 125, 140].map((s) => s * 1000);

describe('poll schedule', () => {
  it('without history is the fixed schedule: 10 s, ×1.5, at most 30 s', () => {
    const waits: number[] = [];
    let previous: number | undefined;
    for (let i = 0; i < 6; i++) {
      previous = nextPollDelay({ samplesMs: HISTORY.slice(0, 4), elapsedMs: i * 10_000, ...(previous === undefined ? {} : { previousMs: previous }) });
      waits.push(previous);
    }
    expect(waits).toEqual([10_000, 15_000, 22_500, 30_000, 30_000, 30_000]);
  });

  it('fits a window that holds the model’s recent times', () => {
    const window = finishWindow(HISTORY);
    expect(window).not.toBeNull();
    expect(window!.fromMs).toBeGreaterThan(25_000);
    expect(window!.fromMs).toBeLessThan(50_000);
    expect(window!.toMs).toBeGreaterThanOrEqual(140_000);
    expect(window!.toMs).toBeLessThan(200_000);
    // Identical times (a fake with a fixed latency) still get a window around them.
    const fixed = finishWindow(Array(10).fill(60_000));
    expect(fixed!.fromMs).toBeLessThan(60_000);
    expect(fixed!.toMs).toBeGreaterThan(60_000);
  });

  it('with history: sleeps until the window opens, polls densely inside it, backs off in the tail', () => {
    const window = finishWindow(HISTORY)!;
    const at = (elapsedMs: number) => nextPollDelay({ samplesMs: HISTORY, elapsedMs, previousMs: 10_000 });
    expect(at(0)).toBe(DEFAULT_POLL_SCHEDULE.maxMs);
    expect(at(window.fromMs - 10_000)).toBe(10_000);
    expect(at(window.fromMs)).toBe(DEFAULT_POLL_SCHEDULE.denseMs);
    expect(at(70_000)).toBe(DEFAULT_POLL_SCHEDULE.denseMs);
    expect(at(window.toMs)).toBe(DEFAULT_POLL_SCHEDULE.denseMs);
    expect(at(window.toMs + 40_000)).toBe(13_000);
    expect(at(window.toMs + 600_000)).toBe(DEFAULT_POLL_SCHEDULE.maxMs);
  });

  it('a fixed schedule that starts faster than the dense wait stays that fast', () => {
    const options = { ...DEFAULT_POLL_SCHEDULE, firstMs: 1_000 };
    expect(nextPollDelay({ samplesMs: HISTORY, elapsedMs: 70_000 }, options)).toBe(1_000);
  });

  it('no wait from the schedule exceeds the ceiling or falls below the dense wait', () => {
    for (let elapsed = 0; elapsed < 900_000; elapsed += 1_000) {
      const wait = nextPollDelay({ samplesMs: HISTORY, elapsedMs: elapsed, previousMs: 3_000 });
      expect(wait).toBeGreaterThanOrEqual(DEFAULT_POLL_SCHEDULE.denseMs);
      expect(wait).toBeLessThanOrEqual(DEFAULT_POLL_SCHEDULE.maxMs);
    }
  });
});

describe('poll pacer', () => {
  it('leaves the waits alone while the pollers fit the budget', () => {
    const pacer = new PollPacer(120);
    expect(pacer.pace('a', 3_000)).toBe(3_000);
    expect(pacer.pace('b', 3_000)).toBe(3_000);
    expect(pacer.pace('c', 30_000)).toBe(30_000);
  });

  it('raises only the shortest waits, to one level, when together they would exceed the budget', () => {
    const pacer = new PollPacer(60, 1);
    pacer.pace('tail', 30_000);
    for (let i = 0; i < 10; i++) pacer.pace(`dense${i}`, 3_000);
    // 10 × 20/min + 2/min against 60/min: the dense ones share 58/min, the tail keeps its 30 s.
    expect(pacer.pace('dense0', 3_000)).toBe(Math.round(600_000 / 58));
    expect(pacer.pace('tail', 30_000)).toBe(30_000);
  });

  it('raises equal waits together when they would exceed the budget', () => {
    const pacer = new PollPacer(60, 1);
    for (let i = 0; i < 10; i++) pacer.pace(`r${i}`, 3_000);
    // 10 × 20/min = 200/min against 60/min: every poller waits 10 s.
    expect(pacer.pace('r0', 3_000)).toBe(10_000);
    let demand = 0;
    for (let i = 0; i < 10; i++) demand += 60_000 / pacer.pace(`r${i}`, 3_000);
    expect(demand).toBeLessThanOrEqual(60.0001);
    for (let i = 1; i < 10; i++) pacer.done(`r${i}`);
    expect(pacer.pace('r0', 3_000)).toBe(3_000);
    expect(pacer.size).toBe(1);
  });

  it('does not pace without a budget', () => {
    const pacer = new PollPacer(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 100; i++) expect(pacer.pace(`r${i}`, 1_000)).toBe(1_000);
  });
});
