import { DEFAULT_POLL_SCHEDULE, type PollScheduleOptions, nextPollDelay } from '../domain/poll-schedule.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import { PollPacer } from './poll-pacer.js';
import type { ReadyEstimates } from './ready-estimates.js';

/** How polls are timed (a subset of the generation options). */
export interface PollPlannerOptions {
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly pollByHistory: boolean;
  readonly densePollMs: number;
  readonly pollsPerMinute: number;
}

/** What {@link PollPlanner} needs. */
export interface PollPlannerDeps {
  readonly clock: Clock;
  /** The model's recent generation times (cached per model); none: the fixed schedule. */
  readonly estimates?: ReadyEstimates;
  readonly options: PollPlannerOptions;
}

/**
 * The wait before each poll of a running generation: {@link nextPollDelay} over the model's
 * recent generation times, paced within this process's share of the poll budget.
 */
export class PollPlanner {
  private readonly pacer: PollPacer;
  private readonly schedule: PollScheduleOptions;

  constructor(private readonly deps: PollPlannerDeps) {
    const o = deps.options;
    this.pacer = new PollPacer(o.pollsPerMinute);
    this.schedule = { ...DEFAULT_POLL_SCHEDULE, firstMs: o.pollIntervalMs, maxMs: o.maxPollIntervalMs, denseMs: o.densePollMs };
  }

  /** The wait before polling `request` again; `previousMs` is what the schedule asked for last time. */
  async next(request: VideoRequest, previousMs: number | undefined): Promise<{ readonly waitMs: number; readonly plannedMs: number }> {
    const now = this.deps.clock.now().getTime();
    const samplesMs = this.deps.options.pollByHistory ? await this.history(request.model) : [];
    const elapsedMs = now - (request.startedAt ?? request.createdAt).getTime();
    const plannedMs = nextPollDelay({ samplesMs, elapsedMs, ...(previousMs === undefined ? {} : { previousMs }) }, this.schedule);
    return { waitMs: this.pacer.pace(request.id, plannedMs), plannedMs };
  }

  /** `request` is no longer polled (finished, cancelled, or handed over). */
  done(requestId: string): void {
    this.pacer.done(requestId);
  }

  private async history(model: string): Promise<readonly number[]> {
    return (await this.deps.estimates?.history(model)) ?? [];
  }
}
