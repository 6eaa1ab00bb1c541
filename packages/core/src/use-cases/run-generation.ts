import { describeError } from '../domain/errors.js';
import { LogEvents, Messages } from '../domain/messages.js';
import { type RequestStatus, isTerminal } from '../domain/status.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { StatusChange } from '../ports/request-repository.js';
import { type CancelSignal, CancelSource, NEVER_CANCELLED } from '../domain/cancel.js';
import type { Job, Lane } from '../scheduler/work-scheduler.js';
import { NotificationDelivery } from '../services/notification-delivery.js';
import { PollPlanner } from '../services/poll-planner.js';
import { RequestWriter } from '../services/request-writer.js';
import { GenerationRun, type RunShared } from './generation-run.js';
import type { RunOutcome } from './results.js';
import { DEFAULT_GENERATION_OPTIONS, type GenerationOptions, type RunGenerationDeps, type RunInput } from './run-generation-options.js';

export { DEFAULT_GENERATION_OPTIONS } from './run-generation-options.js';
export type { GenerationOptions, RunGenerationDeps, RunInput } from './run-generation-options.js';

/** How long the time cap waits for its cancelled job to unwind before it writes `timeout`. */
const JOB_SETTLE_MS = 30_000;

/**
 * Takes one request to a terminal state and tells its user: start on Vertex (persisting the
 * operation name in the same write that marks it generating), poll with backoff, store the
 * outcome, notify. Never throws; a cancelled run leaves the row as it is for the next owner.
 */
export class RunGeneration {
  private readonly options: GenerationOptions;
  private readonly writer: RequestWriter;
  readonly delivery: NotificationDelivery;
  private readonly shared: RunShared;
  /** Requests whose time cap is being applied (their cancelled job must not let go of the row). */
  private readonly timingOut = new Set<string>();
  /** Requests whose last counted start was refused without the refusal being written: the count it should have. */
  private readonly refusedUnrecorded = new Map<string, number>();

  constructor(private readonly deps: RunGenerationDeps) {
    this.options = { ...DEFAULT_GENERATION_OPTIONS, ...deps.options };
    this.writer = new RequestWriter(deps);
    this.delivery = new NotificationDelivery(deps);
    const polls = new PollPlanner({ clock: deps.clock, ...(deps.estimates ? { estimates: deps.estimates } : {}), options: this.options });
    this.shared = { deps, options: this.options, writer: this.writer, delivery: this.delivery, polls, refusedUnrecorded: this.refusedUnrecorded };
  }

  /** A scheduler job for this request. */
  asJob(input: RunInput, lane: Lane): Job {
    return {
      id: input.request.id,
      lane,
      leased: input.persisted !== false,
      run: (signal) => this.execute(input, signal),
      onTimeout: (work) => this.timeOut(input, work),
    };
  }

  async execute(input: RunInput, signal: CancelSignal): Promise<RunOutcome> {
    const run = new GenerationRun(this.shared, input, signal);
    try {
      const outcome = await run.run();
      if (outcome === 'skipped' && input.persisted !== false && !this.timingOut.has(input.request.id)) {
        // Cancelled (shutdown, lost lease): let another instance take the row over at once.
        // Not by the time cap: its own write and announcement need the row held.
        const owner = input.request.leaseOwner;
        if (owner) await this.writer.bestEffort('release lease', input.request, () => this.deps.repo.releaseLease(input.request.id, owner));
      }
      return outcome;
    } catch (error) {
      // A bug in an adapter must not leave the row stuck or crash the process.
      this.deps.logger.error(LogEvents.taskError, { request_id: input.request.id, ...describeError(error) });
      const current = (await this.writer.bestEffort('read request', input.request, () => this.deps.repo.get(input.request.id))) ?? input.request;
      if (isTerminal(current.status)) return run.deliverIfNeeded(current, signal).catch(() => 'failed' as const);
      const change: StatusChange = { to: 'failed', at: this.deps.clock.now(), errorMessage: 'Something went wrong on our side while making this video.' };
      return run.finish(current, change, signal).catch(() => 'failed' as const);
    }
  }

  /** Called by the scheduler when the 10-minute cap is hit. */
  async timeOut(input: RunInput, work?: Promise<RunOutcome>): Promise<void> {
    this.timingOut.add(input.request.id);
    try {
      // The cancelled job may be finishing right now (its last poll answered): its outcome stands.
      if (work && isTerminal((await this.settledWithin(work, JOB_SETTLE_MS)) as RequestStatus)) return;
      await this.timeOutHeld(input);
    } finally {
      this.timingOut.delete(input.request.id);
      this.refusedUnrecorded.delete(input.request.id);
    }
  }

  /** What `work` ended with, if it ends within `ms`; 'running' otherwise. */
  private async settledWithin(work: Promise<RunOutcome>, ms: number): Promise<RunOutcome | 'running'> {
    const timer = new CancelSource();
    const late = this.deps.clock.sleep(ms, timer.signal).then(() => 'running' as const);
    try {
      return await Promise.race([work, late]);
    } finally {
      timer.cancel();
    }
  }

  private async timeOutHeld(input: RunInput): Promise<void> {
    const read = await this.writer.bestEffort('read request', input.request, () => this.deps.repo.get(input.request.id));
    const current = read ?? this.writer.newest(input.request);
    // Finished here while the database was down: its outcome waits to be written, and stands.
    if (isTerminal(current.status) || isTerminal(this.writer.newest(current).status)) return;
    const minutes = Math.round(this.options.taskTimeoutMs / 60_000);
    const reason = input.resumed ? Messages.timedOutDuringRestart : Messages.processingTimedOut(minutes);
    const written = await this.writer.transition(await this.withRefusalTaken(current, read !== undefined && read !== null), { to: 'timeout', at: this.deps.clock.now(), errorMessage: reason });
    // The cancelled job finished first: it announces its own outcome.
    if (written.kind === 'lost-race' || (written.kind === 'stored' && written.applied === false)) return;
    if (new GenerationRun(this.shared, input, NEVER_CANCELLED).holdUntilStored(written)) return;
    await this.delivery.deliver(written.request, input.resumed);
  }

  /**
   * The last start this run counted was refused but the refusal could not be written: take it
   * off the count before the timeout, whose cost the count decides — now, or (database down)
   * in the state the reconcile writes, so a start Google never accepted is never charged.
   */
  private async withRefusalTaken(current: VideoRequest, fresh: boolean): Promise<VideoRequest> {
    const believed = this.refusedUnrecorded.get(current.id);
    if (believed === undefined || current.status !== 'pending' || current.operationName) return current;
    if (!fresh) {
      // Applied by the reconcile only if the row is still pending and leased to this worker.
      this.deps.unstored?.markCountedHere(current.id);
      return { ...current, attempts: believed };
    }
    // Another instance holds the row now (its own start may be in doubt): its count stands.
    const mine = current.leaseOwner === null || current.leaseOwner === this.deps.workerId;
    if (!mine || current.attempts !== believed + 1) return current;
    const taken = await this.writer.bestEffort('record refused start', current, async () => { await this.deps.repo.recordStartRefused(current.id, this.deps.clock.now()); return true; });
    return taken ? { ...current, attempts: believed } : current;
  }
}
