import { RequestNotFoundError, describeError } from '../domain/errors.js';
import { LogEvents, Messages } from '../domain/messages.js';
import { NO_IMAGES, type RequestImages, hasImages } from '../domain/request-images.js';
import { isTerminal } from '../domain/status.js';
import { type VideoRequest, paramsOf } from '../domain/video-request.js';
import type { StatusChange } from '../ports/request-repository.js';
import type { GeneratedVideo, GeneratorError } from '../ports/video-generator.js';
import type { CancelSignal } from '../domain/cancel.js';
import { backoffDelay } from '../scheduler/backoff.js';
import type { NotificationDelivery } from '../services/notification-delivery.js';
import type { PollPlanner } from '../services/poll-planner.js';
import type { RequestWriter, WriteOutcome } from '../services/request-writer.js';
import { friendlyVertexError } from '../services/vertex-messages.js';
import type { RunOutcome } from './results.js';
import type { GenerationOptions, RunGenerationDeps, RunInput } from './run-generation-options.js';

/** What every run of one {@link RunGeneration} shares: its dependencies, timing and writers. */
export interface RunShared {
  readonly deps: RunGenerationDeps;
  readonly options: GenerationOptions;
  readonly writer: RequestWriter;
  readonly delivery: NotificationDelivery;
  readonly polls: PollPlanner;
  /** Requests whose last counted start was refused without the refusal being written: the count it should have. */
  readonly refusedUnrecorded: Map<string, number>;
}

/**
 * One run of one request — its input (the request, whether it was resumed, whether it has a
 * row, its images) and its cancel signal held once, instead of passed through every step: the
 * start (counted, fenced by the lease, backed off on 429/5xx), an unknown start's recovery, the
 * polls, and the terminal write with its announcement.
 */
export class GenerationRun {
  private readonly deps: RunGenerationDeps;
  private readonly options: GenerationOptions;
  private readonly writer: RequestWriter;
  private readonly delivery: NotificationDelivery;
  private readonly polls: PollPlanner;
  private readonly refusedUnrecorded: Map<string, number>;

  constructor(shared: RunShared, private readonly input: RunInput, private readonly signal: CancelSignal) {
    ({ deps: this.deps, options: this.options, writer: this.writer, delivery: this.delivery, polls: this.polls, refusedUnrecorded: this.refusedUnrecorded } = shared);
  }

  /** Start (or recover an unknown start), poll, store and announce the outcome. */
  async run(): Promise<RunOutcome> {
    let request = this.input.request;
    if (isTerminal(request.status)) return this.deliverIfNeeded(request, this.signal);
    if (request.status === 'pending') {
      const started = await (request.attempts > 0 && !request.operationName ? this.recoverUnknownStart(request) : this.startWithImage(request));
      if (typeof started === 'string') return started;
      request = started;
    }
    return this.pollUntilDone(request);
  }

  /** A resumed image request regenerates from the very bytes stored with it (every role); unreadable → leave it for later. */
  private async startWithImage(request: VideoRequest): Promise<VideoRequest | RunOutcome> {
    if (this.input.images !== undefined || this.input.persisted === false) return this.start(request, this.input.images ?? NO_IMAGES);
    let images: RequestImages;
    try {
      images = await this.deps.repo.findImages(request.id);
    } catch (error) {
      this.deps.logger.warn('Source image not readable; start left for later', { request_id: request.id, ...describeError(error) });
      return 'skipped';
    }
    return this.start(request, images);
  }

  private async start(original: VideoRequest, images: RequestImages): Promise<VideoRequest | RunOutcome> {
    let request = original;
    const { generator, quota, clock } = this.deps;
    let refusals = 0;
    let postponed = 0;
    // What the row's count should be: a count retried after its answer was lost is not made
    // twice (seed 15809: the extra count left a refused request looking started).
    let believed = original.attempts;
    for (let attempt = 0; attempt < this.options.maxStartAttempts; attempt++) {
      if (!(await quota.acquire('start', this.signal)) || this.signal.cancelled) return 'skipped';
      const counted = await this.countStart(request, postponed, believed);
      // A start postponed because the database could not count it is not a refused start.
      if (counted === 'retry') {
        postponed += 1;
        attempt -= 1;
        if (this.signal.cancelled) return 'skipped';
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
        if (written.kind === 'lost-race') return this.settleLostRace(written.request, this.signal);
        return written.request;
      }
      if (started.error.kind === 'unknown-outcome') return this.recoverUnknownStart(request);
      // An HTTP answer came back: Google started nothing, so this call is not "in doubt".
      if (counted === 'local') request = this.countLocally(request, -1);
      else {
        // Not stored either way, the next count finds out (the row at believed + 1 is this one).
        believed = Math.max(0, believed - 1);
        const recorded = await this.writer.bestEffort('record refused start', request, async () => { await this.deps.repo.recordStartRefused(request.id, clock.now()); return true; });
        if (!recorded) this.refusedUnrecorded.set(request.id, believed);
      }
      if (started.error.kind === 'rejected') return this.fail(request, started.error);
      refusals += 1;
      await this.backOff(started.error, attempt);
      if (this.signal.cancelled) return 'skipped';
    }
    if (refusals === 0) return 'skipped';
    // Every start was refused before Google accepted it: nothing billed, the reservation is released.
    if (!(await this.stillOurs(request))) return 'skipped';
    return this.finish(request, { to: 'failed', at: clock.now(), errorMessage: 'Vertex AI is busy right now (quota exhausted). Please try again in a few minutes.', finalCostUsd: 0 });
  }

  /** A start counted (or un-counted) on a request that has no row yet; remembered for the backfill. */
  private countLocally(request: VideoRequest, by: 1 | -1): VideoRequest {
    const counted = { ...request, attempts: Math.max(0, request.attempts + by), updatedAt: this.deps.clock.now() };
    this.deps.unstored?.markCountedHere(request.id);
    this.writer.remember(counted);
    return counted;
  }

  /** After a long back-off: is the row still pending and leased to this worker (not taken over)? */
  private async stillOurs(request: VideoRequest): Promise<boolean> {
    if (this.input.persisted === false || this.deps.workerId === undefined) return true;
    const current = await this.writer.bestEffort('read request', request, () => this.deps.repo.get(request.id));
    if (!current) return true;
    return current.status === 'pending' && (current.leaseOwner === null || current.leaseOwner === this.deps.workerId);
  }

  /**
   * Counts the start before it is made (so a crash mid-call is known to be in doubt), fenced by
   * the lease: 'lost' when another instance owns the row now; 'retry' when the database cannot
   * record it — a start that could not be counted is never made, or a restart could pay twice.
   */
  private async countStart(request: VideoRequest, attempt: number, believed: number): Promise<'ours' | 'local' | 'lost' | 'retry'> {
    const { repo, clock, workerId } = this.deps;
    try {
      // Accepted while the database was down: once its row is backfilled (held by this worker)
      // the same fence applies, or an instance that took it over would start it a second time.
      if (await repo.recordStartAttempt(request.id, clock.now(), workerId, believed)) {
        // A row where none was thought to be (its create committed, its answer lost): ours, and
        // from now on renewed and fenced like any other.
        if (this.input.persisted === false) this.deps.unstored?.markBackfilled(request.id);
        return 'ours';
      }
      this.deps.logger.warn('Lease lost before the start; another instance owns this request now', { request_id: request.id });
      return 'lost';
    } catch (error) {
      // No row anywhere yet: if this process dies, nothing remembers the request (DUR-20's
      // limit), so nothing can start it twice. Once its row exists — or may, its backfill sent —
      // the count must be durable: asked again until the database says whose it is, or that
      // there is none.
      if (this.input.persisted === false && error instanceof RequestNotFoundError) this.deps.unstored?.noRow(request.id);
      if (this.input.persisted === false && !(this.deps.unstored?.mayHaveRow(request.id) ?? false)) return 'local';
      this.deps.logger.warn('Failed to record start attempt; start postponed', { request_id: request.id, ...describeError(error) });
      await clock.sleep(backoffDelay(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs), this.signal);
      return 'retry';
    }
  }

  /**
   * A start may have reached Vertex but its answer was lost (crash, reset connection). Re-sending
   * could bill twice, so watch the request's own output prefix for the video instead.
   */
  private async recoverUnknownStart(request: VideoRequest): Promise<RunOutcome> {
    const { store, generator, clock } = this.deps;
    const prefix = generator.outputPrefix(request.id);
    const deadline = clock.now().getTime() + this.options.generationTimeoutMs;
    this.deps.logger.warn('Start outcome unknown; watching output prefix', { request_id: request.id, gcs_prefix: prefix });
    let interval = this.options.pollIntervalMs;
    while (!this.signal.cancelled) {
      // The start may have been stored meanwhile by the process that made it (this row was
      // claimed between its count and its answer): then there is an operation to poll.
      const fresh = this.input.persisted === false ? null : await this.writer.bestEffort('read request', request, () => this.deps.repo.get(request.id));
      if (fresh?.operationName) return this.pollUntilDone(fresh);
      if (fresh && isTerminal(fresh.status)) return this.deliverIfNeeded(fresh, this.signal);
      const found = await store.list(prefix).catch(() => []);
      if (found.length > 0) {
        const generating = await this.writer.transition(request, { to: 'generating', at: clock.now(), gcsPrefix: prefix });
        return this.complete(generating.request, found.map((v) => ({ uri: v.uri, mimeType: v.mimeType })));
      }
      if (clock.now().getTime() >= deadline) break;
      await clock.sleep(interval, this.signal);
      interval = Math.min(this.options.maxPollIntervalMs, interval * 1.5);
    }
    if (this.signal.cancelled) return 'skipped';
    return this.finish(request, { to: 'failed', at: clock.now(), errorMessage: Messages.unknownStartOutcome });
  }

  private async pollUntilDone(request: VideoRequest): Promise<RunOutcome> {
    if (!request.operationName) return this.recoverUnknownStart(request);
    try {
      return await this.pollLoop(request, request.operationName);
    } finally {
      this.polls.done(request.id);
    }
  }

  private async pollLoop(request: VideoRequest, operationName: string): Promise<RunOutcome> {
    const { generator, quota, clock } = this.deps;
    const deadline = clock.now().getTime() + this.options.generationTimeoutMs;
    let planned: number | undefined;
    let errors = 0;
    // Dense polls must not become dense status edits (Discord rate-limits them): at most one
    // per fixed first interval, which the fixed schedule never polls faster than anyway.
    let shownAt = Number.NEGATIVE_INFINITY;
    while (!this.signal.cancelled) {
      if (!(await quota.acquire('poll', this.signal))) break;
      const outcome = await generator.poll(operationName);
      const now = clock.now();
      switch (outcome.state) {
        case 'succeeded':
          return this.complete(request, outcome.videos);
        case 'failed':
          // Google's own RAI answer says "You will not be charged"; other failures count (unsure).
          return this.finish(request, { to: 'failed', at: now, errorMessage: outcome.message, ...(outcome.filtered ? { finalCostUsd: 0 } : {}) });
        case 'expired':
          this.deps.logger.warn(LogEvents.operationExpired, { request_id: request.id, user_id: request.userId, operation_name: operationName });
          return this.finish(request, { to: 'timeout', at: now, errorMessage: this.input.resumed ? Messages.timedOutDuringRestart : Messages.operationVanished });
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
        return this.finish(request, { to: 'timeout', at: now, errorMessage: Messages.generationTimedOut(minutes) });
      }
      const next = await this.polls.next(request, planned);
      planned = next.plannedMs;
      await clock.sleep(errors > 0 ? backoffDelay(errors, this.options.backoffBaseMs, this.options.backoffMaxMs) : next.waitMs, this.signal);
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

  private async complete(request: VideoRequest, videos: readonly GeneratedVideo[]): Promise<RunOutcome> {
    const now = this.deps.clock.now();
    if (videos.length === 0) return this.finish(request, { to: 'failed', at: now, errorMessage: 'Vertex AI finished without returning a video.' });
    return this.finish(request, { to: 'completed', at: now, videoUrls: videos.map((v) => v.uri) }, this.signal);
  }

  private fail(request: VideoRequest, error: GeneratorError): Promise<RunOutcome> {
    // Refused input (4xx): Google never accepted it, so it costs nothing.
    return this.finish(request, { to: 'failed', at: this.deps.clock.now(), errorMessage: friendlyVertexError(error), finalCostUsd: 0 });
  }

  private async backOff(error: GeneratorError, attempt: number): Promise<void> {
    const delay = error.retryAfterMs ?? backoffDelay(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs);
    if (error.kind === 'quota') await this.deps.quota.reportThrottled('start', delay);
    this.deps.logger.warn('Vertex start refused; backing off', { kind: error.kind, status: error.status, delay_ms: delay, attempt: attempt + 1 });
    await this.deps.clock.sleep(delay, this.signal);
  }

  /** Writes the terminal state, then notifies (or leaves it to whoever won a race). */
  async finish(request: VideoRequest, change: StatusChange, signal?: CancelSignal): Promise<RunOutcome> {
    const { resumed } = this.input;
    const written = await this.writer.transition(request, change);
    if (written.kind === 'lost-race') return this.settleLostRace(written.request, signal);
    if (this.holdUntilStored(written)) return change.to as RunOutcome;
    // Someone else stored this very outcome first: they may have told the user already.
    if (written.kind === 'stored' && written.applied === false) return this.deliverIfNeeded(written.request, signal);
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
  holdUntilStored(written: WriteOutcome): boolean {
    if (written.kind !== 'unstored' || written.request.status === 'completed') return false;
    if (this.input.persisted === false && !this.deps.unstored?.hasRow(written.request.id)) return false;
    this.deps.logger.info('Outcome not announced until the database has it', { request_id: written.request.id, status: written.request.status });
    return true;
  }

  private async settleLostRace(current: VideoRequest, signal?: CancelSignal): Promise<RunOutcome> {
    // Cancelled (time cap, shutdown, lost lease): whoever cancelled us announces it.
    if (!isTerminal(current.status) || signal?.cancelled) return 'skipped';
    return this.deliverIfNeeded(current, signal);
  }

  /** Announces a finished request nobody was told about (unless its message is already visible). */
  async deliverIfNeeded(request: VideoRequest, signal?: CancelSignal): Promise<RunOutcome> {
    if (request.notifiedAt === null) await this.delivery.deliverUnlessVisible(request, this.input.resumed, signal);
    return request.status as RunOutcome;
  }
}
