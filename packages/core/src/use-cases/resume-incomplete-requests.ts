import { describeError } from '../domain/errors.js';
import { LogEvents, Messages } from '../domain/messages.js';
import { retiredModelMessage } from '../domain/model-succession.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AccessCheck, Notifier } from '../ports/notifier.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import type { WorkerPresence } from '../ports/worker-presence.js';
import { RequestWriter } from './request-writer.js';
import { type ResumePlan, type ResumePlanItem, MAX_PENDING_AGE_MS, planResume } from './resume-plan.js';
import type { RunOutcome } from './results.js';
import type { RunGeneration } from './run-generation.js';
import type { LeaseBook } from './lease-book.js';
import type { UnstoredWrites } from './unstored-writes.js';

/** Dependencies of {@link ResumeIncompleteRequests}. */
export interface ResumeDeps {
  readonly repo: RequestRepository;
  readonly scheduler: WorkScheduler;
  readonly runner: RunGeneration;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workerId: string;
  readonly leaseMs: number;
  /** False when DISABLE_TASK_RESUME is set (the seed's rollback switch). */
  readonly enabled: boolean;
  /** Shard filter: resume only requests of guilds this process serves (DMs: guildId null). */
  readonly ownsGuild?: (guildId: string | null) => boolean;
  readonly maxPendingAgeMs?: number;
  readonly unstored?: UnstoredWrites;
  /** Tells a live other instance's lease from a dead one's (dry run: who holds what). */
  readonly presence?: WorkerPresence;
  /**
   * True for a while after this worker re-announced itself following an outage: every instance
   * lost its presence then, so an absent owner is not yet proof of a dead one — it may still be
   * reconnecting and writing what it did meanwhile, and its leases lapsed only because they
   * could not be renewed. Only rows nobody holds are taken then.
   */
  readonly presenceSettling?: () => boolean | Promise<boolean>;
  /** Where the leases of claimed rows are written down. */
  readonly leases?: LeaseBook;
}

/** Result of preparing one item: an outcome when settled without the queue. */
interface Prepared {
  readonly outcome?: RunOutcome;
}

/** What one resume run did. */
export interface ResumeSummary {
  readonly status: 'disabled' | 'query-failed' | 'nothing' | 'done';
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  readonly timeout: number;
  /** Held by another live instance, or cancelled by shutdown. */
  readonly skipped: number;
  /** Finished earlier, only their lost notification was delivered now (not counted as completed above). */
  readonly notified: number;
  readonly durationMs: number;
}

/**
 * Picks up what a previous process left unfinished (seed 000): expire what is too old, restart
 * pending work, poll running operations, deliver lost notifications — oldest first, ahead of new
 * `/veo` work, never throwing. Safe to run again (e.g. periodically, to take over a crashed
 * instance's rows once their lease expires).
 */
export class ResumeIncompleteRequests {
  private readonly writer: RequestWriter;

  constructor(private readonly deps: ResumeDeps) {
    this.writer = new RequestWriter(deps);
  }

  /**
   * Reads what needs resuming and says what would happen, changing nothing (`--dry-run`): rows
   * leased by another live instance are marked `heldBy` (that instance keeps them).
   */
  async plan(): Promise<ResumePlan> {
    // What this process already queued (a /veo that arrived during start-up) is not resumed.
    const before = this.deps.scheduler.busyIds();
    const read = [...(await this.deps.repo.findIncomplete()), ...(await this.deps.repo.findUnnotified())];
    const busy = this.busySince(before);
    const rows = read.filter((r) => !busy.has(r.id));
    const now = this.deps.clock.now();
    const held = await this.heldElsewhere(rows, now);
    return this.planOf(rows, now, held);
  }

  private planOf(rows: readonly VideoRequest[], now: Date, held: ReadonlySet<string> = new Set()): ResumePlan {
    const owns = this.deps.ownsGuild ?? (() => true);
    return planResume(rows.filter((r) => owns(r.guildId)), now, this.deps.maxPendingAgeMs ?? MAX_PENDING_AGE_MS, held);
  }

  /** Owners (other than this worker) whose unexpired leases stand: alive, or not known to be gone. */
  private async heldElsewhere(rows: readonly VideoRequest[], now: Date): Promise<Set<string>> {
    const owners = [...new Set(rows.filter((r) => r.leaseOwner !== null && r.leaseOwner !== this.deps.workerId && r.leaseUntil !== null && r.leaseUntil > now).map((r) => r.leaseOwner as string))];
    if (!this.deps.presence || owners.length === 0) return new Set(owners);
    return this.deps.presence.alive(owners);
  }

  /**
   * Startup run (default), or a periodic `sweep` that only takes rows nobody holds: never
   * leased, or whose lease ran out (their instance crashed), and not already queued here.
   */
  async execute(options: { sweep?: boolean; onHeld?: () => void } = {}): Promise<ResumeSummary> {
    const { logger, clock } = this.deps;
    const startedAt = clock.now().getTime();
    const summary = (status: ResumeSummary['status'], counts: Partial<ResumeSummary> = {}): ResumeSummary => ({
      status, total: 0, completed: 0, failed: 0, timeout: 0, skipped: 0, notified: 0, durationMs: clock.now().getTime() - startedAt, ...counts,
    });
    if (!this.deps.enabled) {
      logger.info(LogEvents.resumeDisabled);
      return summary('disabled');
    }
    // New /veo work is accepted meanwhile but starts only after resumed work is queued.
    const release = options.sweep ? () => undefined : this.deps.scheduler.holdNewWork();
    options.onHeld?.();
    try {
      return await this.resumeAll(options, summary, release);
    } finally {
      release();
    }
  }

  /**
   * What to resume. A start-up read that fails is asked once more at once, new work still held:
   * the database let this worker in a moment ago, so it is most likely a lost answer (seed 7040:
   * a /veo 0.7 s later overtook the interrupted work while start-up waited to try again).
   */
  private async read(options: { sweep?: boolean }): Promise<ResumePlan> {
    if (options.sweep) return this.orphans();
    try {
      return await this.plan();
    } catch (error) {
      this.deps.logger.warn('Reading what to resume failed; asking again', describeError(error));
      return this.plan();
    }
  }

  private async resumeAll(
    options: { sweep?: boolean },
    summary: (status: ResumeSummary['status'], counts?: Partial<ResumeSummary>) => ResumeSummary,
    release: () => void,
  ): Promise<ResumeSummary> {
    const { logger } = this.deps;
    let plan: ResumePlan;
    try {
      plan = await this.read(options);
    } catch (error) {
      logger.error(LogEvents.resumeQueryFailed, describeError(error));
      return summary('query-failed');
    }
    plan = await this.withoutOthersWhileSettling(plan);
    if (plan.items.length === 0) {
      if (!options.sweep) logger.info(LogEvents.resumeNothing);
      return summary('nothing');
    }
    logger.info(LogEvents.resumeStarting, {
      pending_count: plan.pendingCount,
      generating_count: plan.generatingCount,
      unnotified_count: plan.unnotifiedCount,
      total_count: plan.items.length,
    });
    const ran = await this.run(plan, release);
    // A row that was only announced now finished earlier: not a new completion.
    const outcomes = ran.map((o, i) => (plan.items[i]!.action === 'notify' && o !== 'skipped' ? 'notified' : o));
    const count = (o: RunOutcome | 'notified') => outcomes.filter((x) => x === o).length;
    const result = summary('done', {
      total: plan.items.length, completed: count('completed'), failed: count('failed'), timeout: count('timeout'), skipped: count('skipped'), notified: count('notified'),
    });
    logger.info(LogEvents.resumeCompleted, {
      completed_count: result.completed,
      failed_count: result.failed,
      timeout_count: result.timeout,
      skipped_count: result.skipped,
      notified_count: result.notified,
      total_duration_ms: result.durationMs,
    });
    return result;
  }

  private async run(plan: ResumePlan, release: () => void): Promise<RunOutcome[]> {
    const { repo, clock, workerId, leaseMs, logger } = this.deps;
    const now = clock.now();
    let claimedRows: Map<string, VideoRequest>;
    try {
      const stamp = this.deps.leases?.stamp() ?? null;
      const claimed = await repo.claim(plan.items.map((i) => i.request.id), { owner: workerId, until: new Date(now.getTime() + leaseMs), now });
      claimedRows = new Map(claimed.map((r) => [r.id, r]));
      this.deps.leases?.confirmed([...claimedRows.keys()], new Date(now.getTime() + leaseMs), stamp);
    } catch (error) {
      logger.error(LogEvents.resumeQueryFailed, describeError(error));
      return plan.items.map(() => 'skipped');
    }
    let finished = 0;
    const progress = (outcome: RunOutcome) => {
      finished += 1;
      if (finished % 5 === 0 || finished === plan.items.length) logger.info(LogEvents.resumeProgress, { processed: finished, total: plan.items.length });
      return outcome;
    };
    // Checks run side by side (one per channel), then jobs are queued strictly oldest first.
    const access = new Map<string, Promise<AccessCheck>>();
    const prepared = await Promise.all(
      plan.items.map((item) => (claimedRows.has(item.request.id) ? this.prepare({ ...item, request: claimedRows.get(item.request.id)! }, access) : Promise.resolve<Prepared>({ outcome: 'skipped' }))),
    );
    const outcomes = prepared.map((p, i) => {
      if (p.outcome) return Promise.resolve(progress(p.outcome));
      const request = claimedRows.get(plan.items[i]!.request.id)!;
      return this.deps.scheduler.enqueue(this.deps.runner.asJob({ request, resumed: true }, 'resumed')).done.then(progress);
    });
    release();
    return Promise.all(outcomes);
  }

  /** Settles what needs no queue (expiry, unreachable channel); otherwise says "queue it". */
  private async prepare(item: ResumePlanItem, access: Map<string, Promise<AccessCheck>>): Promise<Prepared> {
    const { request } = item;
    const { logger, clock } = this.deps;
    logger.info(LogEvents.resumeRequest, { request_id: request.id, user_id: request.userId, status: request.status, age_minutes: item.ageMinutes, action: item.action });
    try {
      if (item.action === 'expire') {
        logger.info(LogEvents.requestExpired, { request_id: request.id, age_minutes: item.ageMinutes });
        return { outcome: await this.endEarly(request, 'timeout', Messages.requestExpired) };
      }
      if (item.action === 'retired') {
        logger.warn('Request uses a retired model', { request_id: request.id, model: request.model });
        return { outcome: await this.endEarly(request, 'failed', retiredModelMessage(request.model) ?? `Model ${request.model} is no longer served.`) };
      }
      // Only before a start that would be billed: a start in doubt is recovered (its video may
      // already exist, and been shown), and its delivery finds out about the channel itself.
      if (item.action !== 'start') return {};
      if (!access.has(request.channelId)) access.set(request.channelId, this.checkAccess(request));
      const check = await access.get(request.channelId)!;
      if (check.ok) return {};
      logger.warn(LogEvents.channelInaccessible, { request_id: request.id, channel_id: request.channelId, guild_id: request.guildId, detail: check.detail });
      const written = await this.writer.transition(request, { to: 'failed', at: clock.now(), errorMessage: Messages.channelInaccessible });
      await this.writer.bestEffort('record notification', request, () => this.deps.repo.markNotified(request.id, clock.now(), 'undeliverable'));
      return { outcome: written.request.status === 'failed' ? 'failed' : 'skipped' };
    } catch (error) {
      logger.error(LogEvents.resumeError, { request_id: request.id, ...describeError(error) });
      return { outcome: 'failed' };
    }
  }

  /** See {@link ResumeDeps.presenceSettling}: rows another worker holds (expired or not: a lease cannot be renewed while the database is down) wait. */
  private async withoutOthersWhileSettling(plan: ResumePlan): Promise<ResumePlan> {
    const items = plan.items.filter((i) => i.request.leaseOwner === null || i.request.leaseOwner === this.deps.workerId);
    if (items.length === plan.items.length) return plan;
    if ((await this.deps.presenceSettling?.()) !== true) return plan;
    return { ...plan, items };
  }

  /**
   * What this process worked on when the read began or works on now: a `/veo` that came in
   * during the read has its row in the answer (seed 7427: after a clock jump its lease, dated
   * before the jump, looked expired, and the sweep failed the request its own job was starting).
   */
  private busySince(before: ReadonlySet<string>): Set<string> {
    return new Set([...before, ...this.deps.scheduler.busyIds()]);
  }

  /** Rows nobody live holds (free, expired, or of a dead worker) and not already queued here. */
  private async orphans(): Promise<ResumePlan> {
    const now = this.deps.clock.now();
    const before = this.deps.scheduler.busyIds();
    const rows = await this.deps.repo.findClaimable(this.deps.workerId, now);
    const mine = this.busySince(before);
    // A row this process still has a newer state of (waiting to be written) is not an orphan:
    // what the database says about it is out of date (seed 6172: its lease ran out meanwhile).
    return this.planOf(rows.filter((r) => !mine.has(r.id) && this.deps.unstored?.peek(r.id) === undefined), now);
  }

  /** A notifier that cannot tell is not a reason to fail the request: assume reachable. */
  private checkAccess(request: VideoRequest): Promise<AccessCheck> {
    return this.deps.notifier.checkAccess(request).catch((error: unknown) => {
      this.deps.logger.warn('Channel access check failed; assuming reachable', { request_id: request.id, ...describeError(error) });
      return { ok: true } as const;
    });
  }

  private async endEarly(request: VideoRequest, to: 'timeout' | 'failed', errorMessage: string): Promise<RunOutcome> {
    const written = await this.writer.transition(request, { to, at: this.deps.clock.now(), errorMessage });
    if (written.kind !== 'lost-race') await this.deps.runner.delivery.deliver(written.request, true);
    return to;
  }
}
