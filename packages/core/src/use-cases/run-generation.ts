import { InvalidTransitionError, RequestNotFoundError, describeError } from '../domain/errors.js';
import { LogEvents, Messages } from '../domain/messages.js';
import { DEFAULT_POLL_SCHEDULE } from '../domain/poll-schedule.js';
import { NO_IMAGES, type RequestImages, hasImages } from '../domain/request-images.js';
import { type RequestStatus, isTerminal } from '../domain/status.js';
import { type VideoRequest, paramsOf } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Notifier } from '../ports/notifier.js';
import type { QuotaGate } from '../ports/quota-gate.js';
import type { RequestRepository, StatusChange } from '../ports/request-repository.js';
import type { GeneratedVideo, GeneratorError, VideoGenerator } from '../ports/video-generator.js';
import type { VideoStore } from '../ports/video-store.js';
import { type CancelSignal, CancelSource } from '../domain/cancel.js';
import { backoffDelay } from '../scheduler/backoff.js';
import type { Job, Lane } from '../scheduler/work-scheduler.js';
import { type DeliveryOptions, NotificationDelivery } from '../services/notification-delivery.js';
import type { LeaseBook } from '../services/lease-book.js';
import { PollPlanner } from '../services/poll-planner.js';
import type { UnstoredWrites } from '../services/unstored-writes.js';
import type { ReadyEstimates } from '../services/ready-estimates.js';
import { RequestWriter, type WriteOutcome } from '../services/request-writer.js';
import type { RunOutcome } from './results.js';
import { friendlyVertexError } from '../services/vertex-messages.js';

/** How long the time cap waits for its cancelled job to unwind before it writes `timeout`. */
const JOB_SETTLE_MS = 30_000;

/** Timing of one generation. */
export interface GenerationOptions {
  /** First wait between polls without history; grows ×1.5 up to `maxPollIntervalMs` (the longest wait anywhere). */
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  /** Poll by the model's recent generation times (see {@link nextPollDelay}); false: the fixed schedule only. */
  readonly pollByHistory: boolean;
  /** The wait inside the window where the model's videos usually finish. */
  readonly densePollMs: number;
  /** This process's poll budget per minute, shared by every request it polls (Infinity: the quota gate alone). */
  readonly pollsPerMinute: number;
  /** Give up polling after this long (seed 003: 5 minutes). */
  readonly generationTimeoutMs: number;
  /** Starts refused with 429 / 5xx are retried this many times. */
  readonly maxStartAttempts: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** The scheduler's cap per request, used in the timeout message (seed 000: 10 minutes). */
  readonly taskTimeoutMs: number;
}

/** Defaults: poll by history (3 s where videos finish; 10 s ×1.5 → 30 s without history), 5-minute generation timeout, 6 start attempts. */
export const DEFAULT_GENERATION_OPTIONS: GenerationOptions = {
  pollIntervalMs: DEFAULT_POLL_SCHEDULE.firstMs,
  maxPollIntervalMs: DEFAULT_POLL_SCHEDULE.maxMs,
  pollByHistory: true,
  densePollMs: DEFAULT_POLL_SCHEDULE.denseMs,
  pollsPerMinute: Number.POSITIVE_INFINITY,
  generationTimeoutMs: 5 * 60_000,
  maxStartAttempts: 6,
  backoffBaseMs: 2_000,
  backoffMaxMs: 60_000,
  taskTimeoutMs: 10 * 60_000,
};

/** Dependencies of {@link RunGeneration}. */
export interface RunGenerationDeps {
  readonly repo: RequestRepository;
  readonly generator: VideoGenerator;
  readonly store: VideoStore;
  readonly notifier: Notifier;
  readonly quota: QuotaGate;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options?: Partial<GenerationOptions>;
  readonly deliveryOptions?: Partial<DeliveryOptions>;
  /** Where states that could not be written during an outage wait for reconcile. */
  readonly unstored?: UnstoredWrites;
  /** ETAs for the "generating" status (time left, from the model's recent history). */
  readonly estimates?: ReadyEstimates;
  /** This process's worker id: a start is only made while the row is still leased to it. */
  readonly workerId?: string;
  /** Lease length, for the delivery fence. */
  readonly leaseMs?: number;
  /** Leases the database confirmed (the delivery fence while it is down). */
  readonly leases?: LeaseBook;
}

/** How a request is being run. */
export interface RunInput {
  readonly request: VideoRequest;
  /** Picked up again after a restart (changes wording: "Resumed after bot restart"). */
  readonly resumed: boolean;
  /** False when the request has no row yet (accepted while the database was down). */
  readonly persisted?: boolean;
  /**
   * The images (first and last frame, reference images), when the caller has them at hand (a new
   * submit, a retry): null = none. Absent (resume, takeover): they are read from the repository before the start.
   */
  readonly images?: RequestImages | null;
}

/**
 * Takes one request to a terminal state and tells its user: start on Vertex (persisting the
 * operation name in the same write that marks it generating), poll with backoff, store the
 * outcome, notify. Never throws; a cancelled run leaves the row as it is for the next owner.
 */
export class RunGeneration {
  private readonly options: GenerationOptions;
  private readonly writer: RequestWriter;
  readonly delivery: NotificationDelivery;
  private readonly polls: PollPlanner;
  /** Requests whose time cap is being applied (their cancelled job must not let go of the row). */
  private readonly timingOut = new Set<string>();
  /** Requests whose last counted start was refused without the refusal being written: the count it should have. */
  private readonly refusedUnrecorded = new Map<string, number>();

  constructor(private readonly deps: RunGenerationDeps) {
    this.options = { ...DEFAULT_GENERATION_OPTIONS, ...deps.options };
    this.writer = new RequestWriter(deps);
    this.delivery = new NotificationDelivery(deps);
    this.polls = new PollPlanner({ clock: deps.clock, ...(deps.estimates ? { estimates: deps.estimates } : {}), options: this.options });
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
    try {
      const outcome = await this.run(input, signal);
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
      if (isTerminal(current.status)) return this.deliverIfNeeded(current, input.resumed, signal).catch(() => 'failed' as const);
      const change: StatusChange = { to: 'failed', at: this.deps.clock.now(), errorMessage: 'Something went wrong on our side while making this video.' };
      return this.finish(current, change, input, signal).catch(() => 'failed' as const);
    }
  }

  private async run(input: RunInput, signal: CancelSignal): Promise<RunOutcome> {
    let request = input.request;
    if (isTerminal(request.status)) return this.deliverIfNeeded(request, input.resumed, signal);
    if (request.status === 'pending') {
      const started = await (request.attempts > 0 && !request.operationName ? this.recoverUnknownStart(request, input, signal) : this.startWithImage(request, input, signal));
      if (typeof started === 'string') return started;
      request = started;
    }
    return this.pollUntilDone(request, input, signal);
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
    if (this.holdUntilStored(written, input)) return;
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

  /** A resumed image request regenerates from the very bytes stored with it (every role); unreadable → leave it for later. */
  private async startWithImage(request: VideoRequest, input: RunInput, signal: CancelSignal): Promise<VideoRequest | RunOutcome> {
    if (input.images !== undefined || input.persisted === false) return this.start(request, input, signal, input.images ?? NO_IMAGES);
    let images: RequestImages;
    try {
      images = await this.deps.repo.findImages(request.id);
    } catch (error) {
      this.deps.logger.warn('Source image not readable; start left for later', { request_id: request.id, ...describeError(error) });
      return 'skipped';
    }
    return this.start(request, input, signal, images);
  }

  private async start(original: VideoRequest, input: RunInput, signal: CancelSignal, images: RequestImages): Promise<VideoRequest | RunOutcome> {
    let request = original;
    const { generator, quota, clock } = this.deps;
    let refusals = 0;
    let postponed = 0;
    // What the row's count should be: a count retried after its answer was lost is not made
    // twice (seed 15809: the extra count left a refused request looking started).
    let believed = original.attempts;
    for (let attempt = 0; attempt < this.options.maxStartAttempts; attempt++) {
      if (!(await quota.acquire('start', signal)) || signal.cancelled) return 'skipped';
      const counted = await this.countStart(request, input, postponed, signal, believed);
      // A start postponed because the database could not count it is not a refused start.
      if (counted === 'retry') {
        postponed += 1;
        attempt -= 1;
        if (signal.cancelled) return 'skipped';
        continue;
      }
      if (counted === 'lost') return 'skipped';
      if (counted === 'ours') {
        // A refusal not written is taken up by this count (the row at believed + 1 is this start).
        this.refusedUnrecorded.delete(request.id);
        believed += 1;
      }
      // No row yet (database down): the count lives in the state the backfill will write, so
      // that a restart that finds the row knows this start may have reached Google.
      if (counted === 'local') request = this.countLocally(request, +1);
      const started = await (hasImages(images) ? generator.start(request.id, paramsOf(request), images) : generator.start(request.id, paramsOf(request)));
      if (started.ok) {
        const change: StatusChange = { to: 'generating', at: clock.now(), operationName: started.operationName, gcsPrefix: generator.outputPrefix(request.id) };
        const written = await this.writer.transition(request, change);
        if (written.kind === 'lost-race') return this.settleLostRace(written.request, input.resumed, signal);
        return written.request;
      }
      if (started.error.kind === 'unknown-outcome') return this.recoverUnknownStart(request, input, signal);
      // An HTTP answer came back: Google started nothing, so this call is not "in doubt".
      if (counted === 'local') request = this.countLocally(request, -1);
      else {
        // Not stored either way, the next count finds out (the row at believed + 1 is this one).
        believed = Math.max(0, believed - 1);
        const recorded = await this.writer.bestEffort('record refused start', request, async () => { await this.deps.repo.recordStartRefused(request.id, clock.now()); return true; });
        if (!recorded) this.refusedUnrecorded.set(request.id, believed);
      }
      if (started.error.kind === 'rejected') return this.fail(request, started.error, input);
      refusals += 1;
      await this.backOff(started.error, attempt, signal);
      if (signal.cancelled) return 'skipped';
    }
    if (refusals === 0) return 'skipped';
    // Every start was refused before Google accepted it: nothing billed, the reservation is released.
    if (!(await this.stillOurs(request, input))) return 'skipped';
    return this.finish(request, { to: 'failed', at: clock.now(), errorMessage: 'Vertex AI is busy right now (quota exhausted). Please try again in a few minutes.', finalCostUsd: 0 }, input);
  }

  /** A start counted (or un-counted) on a request that has no row yet; remembered for the backfill. */
  private countLocally(request: VideoRequest, by: 1 | -1): VideoRequest {
    const counted = { ...request, attempts: Math.max(0, request.attempts + by), updatedAt: this.deps.clock.now() };
    this.deps.unstored?.markCountedHere(request.id);
    this.writer.remember(counted);
    return counted;
  }

  /** After a long back-off: is the row still pending and leased to this worker (not taken over)? */
  private async stillOurs(request: VideoRequest, input: RunInput): Promise<boolean> {
    if (input.persisted === false || this.deps.workerId === undefined) return true;
    const current = await this.writer.bestEffort('read request', request, () => this.deps.repo.get(request.id));
    if (!current) return true;
    return current.status === 'pending' && (current.leaseOwner === null || current.leaseOwner === this.deps.workerId);
  }

  /**
   * Counts the start before it is made (so a crash mid-call is known to be in doubt), fenced by
   * the lease: 'lost' when another instance owns the row now; 'retry' when the database cannot
   * record it — a start that could not be counted is never made, or a restart could pay twice.
   */
  private async countStart(request: VideoRequest, input: RunInput, attempt: number, signal: CancelSignal, believed: number): Promise<'ours' | 'local' | 'lost' | 'retry'> {
    const { repo, clock, workerId } = this.deps;
    try {
      // Accepted while the database was down: once its row is backfilled (held by this worker)
      // the same fence applies, or an instance that took it over would start it a second time.
      if (await repo.recordStartAttempt(request.id, clock.now(), workerId, believed)) {
        // A row where none was thought to be (its create committed, its answer lost): ours, and
        // from now on renewed and fenced like any other.
        if (input.persisted === false) this.deps.unstored?.markBackfilled(request.id);
        return 'ours';
      }
      this.deps.logger.warn('Lease lost before the start; another instance owns this request now', { request_id: request.id });
      return 'lost';
    } catch (error) {
      if (error instanceof InvalidTransitionError) return 'lost';
      // No row anywhere yet: if this process dies, nothing remembers the request (seed 003's
      // limit), so nothing can start it twice. Once its row exists — or may, its backfill sent —
      // the count must be durable: asked again until the database says whose it is, or that
      // there is none.
      if (input.persisted === false && error instanceof RequestNotFoundError) this.deps.unstored?.noRow(request.id);
      if (input.persisted === false && !(this.deps.unstored?.mayHaveRow(request.id) ?? false)) return 'local';
      this.deps.logger.warn('Failed to record start attempt; start postponed', { request_id: request.id, ...describeError(error) });
      await clock.sleep(backoffDelay(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs), signal);
      return 'retry';
    }
  }

  /**
   * A start may have reached Vertex but its answer was lost (crash, reset connection). Re-sending
   * could bill twice, so watch the request's own output prefix for the video instead.
   */
  private async recoverUnknownStart(request: VideoRequest, input: RunInput, signal: CancelSignal): Promise<RunOutcome> {
    const { store, generator, clock } = this.deps;
    const prefix = generator.outputPrefix(request.id);
    const deadline = clock.now().getTime() + this.options.generationTimeoutMs;
    this.deps.logger.warn('Start outcome unknown; watching output prefix', { request_id: request.id, gcs_prefix: prefix });
    let interval = this.options.pollIntervalMs;
    while (!signal.cancelled) {
      // The start may have been stored meanwhile by the process that made it (this row was
      // claimed between its count and its answer): then there is an operation to poll.
      const fresh = input.persisted === false ? null : await this.writer.bestEffort('read request', request, () => this.deps.repo.get(request.id));
      if (fresh?.operationName) return this.pollUntilDone(fresh, input, signal);
      if (fresh && isTerminal(fresh.status)) return this.deliverIfNeeded(fresh, input.resumed, signal);
      const found = await store.list(prefix).catch(() => []);
      if (found.length > 0) {
        const generating = await this.writer.transition(request, { to: 'generating', at: clock.now(), gcsPrefix: prefix });
        return this.complete(generating.request, found.map((v) => ({ uri: v.uri, mimeType: v.mimeType })), input, signal);
      }
      if (clock.now().getTime() >= deadline) break;
      await clock.sleep(interval, signal);
      interval = Math.min(this.options.maxPollIntervalMs, interval * 1.5);
    }
    if (signal.cancelled) return 'skipped';
    return this.finish(request, { to: 'failed', at: clock.now(), errorMessage: Messages.unknownStartOutcome }, input);
  }

  private async pollUntilDone(request: VideoRequest, input: RunInput, signal: CancelSignal): Promise<RunOutcome> {
    if (!request.operationName) return this.recoverUnknownStart(request, input, signal);
    try {
      return await this.pollLoop(request, request.operationName, input, signal);
    } finally {
      this.polls.done(request.id);
    }
  }

  private async pollLoop(request: VideoRequest, operationName: string, input: RunInput, signal: CancelSignal): Promise<RunOutcome> {
    const { generator, quota, clock } = this.deps;
    const deadline = clock.now().getTime() + this.options.generationTimeoutMs;
    let planned: number | undefined;
    let errors = 0;
    // Dense polls must not become dense status edits (Discord rate-limits them): at most one
    // per fixed first interval, which the fixed schedule never polls faster than anyway.
    let shownAt = Number.NEGATIVE_INFINITY;
    while (!signal.cancelled) {
      if (!(await quota.acquire('poll', signal))) break;
      const outcome = await generator.poll(operationName);
      const now = clock.now();
      switch (outcome.state) {
        case 'succeeded':
          return this.complete(request, outcome.videos, input, signal);
        case 'failed':
          // Google's own RAI answer says "You will not be charged"; other failures count (unsure).
          return this.finish(request, { to: 'failed', at: now, errorMessage: outcome.message, ...(outcome.filtered ? { finalCostUsd: 0 } : {}) }, input);
        case 'expired':
          this.deps.logger.warn(LogEvents.operationExpired, { request_id: request.id, user_id: request.userId, operation_name: operationName });
          return this.finish(request, { to: 'timeout', at: now, errorMessage: input.resumed ? Messages.timedOutDuringRestart : Messages.operationVanished }, input);
        case 'error':
          errors += 1;
          if (outcome.error.kind === 'quota') await quota.reportThrottled('poll', outcome.error.retryAfterMs ?? planned ?? this.options.pollIntervalMs);
          this.deps.logger.warn('Polling failed; will retry', { request_id: request.id, attempt: errors, error_message: outcome.error.message });
          break;
        case 'running':
          errors = 0;
          if (now.getTime() - shownAt < this.options.pollIntervalMs) break;
          shownAt = now.getTime();
          await this.safeProgress(request, now);
      }
      if (now.getTime() >= deadline) {
        const minutes = Math.round(this.options.generationTimeoutMs / 60_000);
        return this.finish(request, { to: 'timeout', at: now, errorMessage: Messages.generationTimedOut(minutes) }, input);
      }
      const next = await this.polls.next(request, planned);
      planned = next.plannedMs;
      await clock.sleep(errors > 0 ? backoffDelay(errors, this.options.backoffBaseMs, this.options.backoffMaxMs) : next.waitMs, signal);
    }
    return 'skipped';
  }

  private async safeProgress(request: VideoRequest, now: Date): Promise<void> {
    const elapsedMs = now.getTime() - (request.startedAt ?? request.createdAt).getTime();
    try {
      const eta = await this.deps.estimates?.estimate(request.model, 0, elapsedMs);
      await this.deps.notifier.progress(request, { stage: 'generating', elapsedMs, route: this.delivery.route(request), ...(eta ? { eta } : {}) });
    } catch (error) {
      this.deps.logger.warn('Progress update failed', { request_id: request.id, error_message: String(error) });
    }
  }

  private async complete(request: VideoRequest, videos: readonly GeneratedVideo[], input: RunInput, signal: CancelSignal): Promise<RunOutcome> {
    const now = this.deps.clock.now();
    if (videos.length === 0) return this.finish(request, { to: 'failed', at: now, errorMessage: 'Vertex AI finished without returning a video.' }, input);
    return this.finish(request, { to: 'completed', at: now, videoUrls: videos.map((v) => v.uri) }, input, signal);
  }

  private fail(request: VideoRequest, error: GeneratorError, input: RunInput): Promise<RunOutcome> {
    // Refused input (4xx): Google never accepted it, so it costs nothing.
    return this.finish(request, { to: 'failed', at: this.deps.clock.now(), errorMessage: friendlyVertexError(error), finalCostUsd: 0 }, input);
  }

  private async backOff(error: GeneratorError, attempt: number, signal: CancelSignal): Promise<void> {
    const delay = error.retryAfterMs ?? backoffDelay(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs);
    if (error.kind === 'quota') await this.deps.quota.reportThrottled('start', delay);
    this.deps.logger.warn('Vertex start refused; backing off', { kind: error.kind, status: error.status, delay_ms: delay, attempt: attempt + 1 });
    await this.deps.clock.sleep(delay, signal);
  }

  /** Writes the terminal state, then notifies (or leaves it to whoever won a race). */
  private async finish(request: VideoRequest, change: StatusChange, input: RunInput, signal?: CancelSignal): Promise<RunOutcome> {
    const { resumed } = input;
    const written = await this.writer.transition(request, change);
    if (written.kind === 'lost-race') return this.settleLostRace(written.request, resumed, signal);
    if (this.holdUntilStored(written, input)) return change.to as RunOutcome;
    // Someone else stored this very outcome first: they may have told the user already.
    if (written.kind === 'stored' && written.applied === false) return this.deliverIfNeeded(written.request, resumed, signal);
    // Resumed: the process before us may have announced it and died before recording that.
    if (resumed) await this.delivery.deliverUnlessVisible(written.request, resumed, signal);
    else await this.delivery.deliver(written.request, resumed, signal);
    return change.to as RunOutcome;
  }

  /**
   * A failure that could not be stored (database down) is not announced yet: if this process
   * died before the write lands, whoever resumes the row would reach its own verdict and the
   * user could be told two different things. The write's reconcile announces it. A video is
   * announced at once (it exists whatever happens), and so is a request that has no row at all
   * (accepted while the database was down and never written: nobody else can resume it).
   */
  private holdUntilStored(written: WriteOutcome, input: RunInput): boolean {
    if (written.kind !== 'unstored' || written.request.status === 'completed') return false;
    if (input.persisted === false && !this.deps.unstored?.hasRow(written.request.id)) return false;
    this.deps.logger.info('Outcome not announced until the database has it', { request_id: written.request.id, status: written.request.status });
    return true;
  }

  private async settleLostRace(current: VideoRequest, resumed: boolean, signal?: CancelSignal): Promise<RunOutcome> {
    // Cancelled (time cap, shutdown, lost lease): whoever cancelled us announces it.
    if (!isTerminal(current.status) || signal?.cancelled) return 'skipped';
    return this.deliverIfNeeded(current, resumed, signal);
  }

  private async deliverIfNeeded(request: VideoRequest, resumed: boolean, signal?: CancelSignal): Promise<RunOutcome> {
    if (request.notifiedAt === null) await this.delivery.deliverUnlessVisible(request, resumed, signal);
    return request.status as RunOutcome;
  }
}
