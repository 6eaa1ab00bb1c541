import { describeError } from '../domain/errors.js';
import { LogEvents } from '../domain/messages.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { BacklogCursor, BacklogReader } from '../ports/backlog-reader.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AccessCheck, Notifier } from '../ports/notifier.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import type { WorkerPresence } from '../ports/worker-presence.js';
import { cursorAfter, repositoryBacklog } from '../services/backlog-pages.js';
import { ResumeStarter } from '../services/resume-starter.js';
import { ResumeTally } from '../services/resume-tally.js';
import { type ResumePlan, MAX_PENDING_AGE_MS, planResume } from '../services/resume-plan.js';
import type { RunGeneration } from './run-generation.js';
import type { LeaseBook } from '../services/lease-book.js';
import type { UnstoredWrites } from '../services/unstored-writes.js';

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
  /** Where a run reads the backlog, a page at a time (default: {@link repositoryBacklog}). */
  readonly backlog?: BacklogReader;
  /**
   * Resumed requests queued at most at once (default {@link RESUME_PAGE_SIZE}): a run reads the
   * next page once half of them have started, so a backlog of any size costs one page of memory.
   */
  readonly pageSize?: number;
}

/** Default {@link ResumeDeps.pageSize}. */
export const RESUME_PAGE_SIZE = 100;

/** Counts of a backlog, as the start of a run logs them. */
interface Survey {
  readonly total: number;
  readonly pending: number;
  readonly generating: number;
  readonly unnotified: number;
}

type Summarize = (status: ResumeSummary['status'], counts?: Partial<ResumeSummary>) => ResumeSummary;

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
 * Picks up what a previous process left unfinished (RES-1…RES-9): expire what is too old, restart
 * pending work, poll running operations, deliver lost notifications — oldest first, ahead of new
 * `/veo` work, never throwing. Safe to run again (e.g. periodically, to take over a crashed
 * instance's rows once their lease expires).
 */
export class ResumeIncompleteRequests {
  private readonly starter: ResumeStarter;
  private readonly backlog: BacklogReader;
  private readonly pageSize: number;
  /** A startup run is reading its backlog: it reaches every open row itself. */
  private paging = false;

  constructor(private readonly deps: ResumeDeps) {
    this.starter = new ResumeStarter(deps);
    this.backlog = deps.backlog ?? repositoryBacklog(deps.repo);
    this.pageSize = Math.max(2, deps.pageSize ?? RESUME_PAGE_SIZE);
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
      return options.sweep ? await this.sweep(summary) : await this.resumeAll(summary, release);
    } finally {
      release();
    }
  }

  /**
   * The startup run: counts the backlog a page at a time, then reads it again page by page as
   * the queue makes room, claiming and queueing each page oldest first (rows not read yet stay
   * unleased in the database); new work is held back until the last page is queued.
   */
  private async resumeAll(summary: Summarize, release: () => void): Promise<ResumeSummary> {
    const { logger, scheduler } = this.deps;
    let survey: Survey;
    try {
      survey = await this.surveyAskingAgain();
    } catch (error) {
      logger.error(LogEvents.resumeQueryFailed, describeError(error));
      return summary('query-failed');
    }
    if (survey.total === 0) {
      logger.info(LogEvents.resumeNothing);
      return summary('nothing');
    }
    logger.info(LogEvents.resumeStarting, { pending_count: survey.pending, generating_count: survey.generating, unnotified_count: survey.unnotified, total_count: survey.total });
    const tally = new ResumeTally(survey.total, logger);
    this.paging = true;
    scheduler.expectResumed(survey.total);
    try {
      await this.runPages(tally, survey.total);
    } finally {
      this.paging = false;
      scheduler.expectResumed(0);
    }
    release();
    return this.finish(summary, tally);
  }

  /** A takeover sweep: what nobody live holds, as much as the queue has room for. */
  private async sweep(summary: Summarize): Promise<ResumeSummary> {
    const room = this.pageSize - this.deps.scheduler.queuedResumed();
    if (this.paging || room <= 0) return summary('nothing');
    let plan: ResumePlan;
    try {
      plan = await this.withoutOthersWhileSettling(await this.orphans(room));
    } catch (error) {
      this.deps.logger.error(LogEvents.resumeQueryFailed, describeError(error));
      return summary('query-failed');
    }
    if (plan.items.length === 0) return summary('nothing');
    this.deps.logger.info(LogEvents.resumeStarting, { pending_count: plan.pendingCount, generating_count: plan.generatingCount, unnotified_count: plan.unnotifiedCount, total_count: plan.items.length });
    const tally = new ResumeTally(plan.items.length, this.deps.logger);
    await this.starter.start(plan, tally, new Map());
    return this.finish(summary, tally);
  }

  private async finish(summary: Summarize, tally: ResumeTally): Promise<ResumeSummary> {
    const counts = await tally.close();
    const result = summary('done', { total: tally.total, ...counts });
    this.deps.logger.info(LogEvents.resumeCompleted, {
      completed_count: result.completed,
      failed_count: result.failed,
      timeout_count: result.timeout,
      skipped_count: result.skipped,
      notified_count: result.notified,
      total_duration_ms: result.durationMs,
    });
    return result;
  }

  /**
   * The survey of a start-up. One that fails is asked once more at once, new work still held:
   * the database let this worker in a moment ago, so it is most likely a lost answer (seed 7040:
   * a /veo 0.7 s later overtook the interrupted work while start-up waited to try again).
   */
  private surveyAskingAgain(): Promise<Survey> {
    return this.askingAgain(() => this.survey());
  }

  /** A read of the backlog, asked once more at once if it fails (seed 17222: a page read's lost answer released new work). */
  private async askingAgain<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      this.deps.logger.warn('Reading what to resume failed; asking again', describeError(error));
      return read();
    }
  }

  /** What the start of a run logs, counted a page at a time (nothing kept). */
  private async survey(): Promise<Survey> {
    let after: BacklogCursor | null = null;
    let survey: Survey = { total: 0, pending: 0, generating: 0, unnotified: 0 };
    for (;;) {
      const rows = await this.backlog.openAfter(after, this.pageSize);
      if (rows.length === 0) return survey;
      after = cursorAfter(rows[rows.length - 1]!);
      const plan = await this.pagePlan(rows);
      const items = (await this.withoutOthersWhileSettling(plan)).items.length;
      survey = { total: survey.total + items, pending: survey.pending + plan.pendingCount, generating: survey.generating + plan.generatingCount, unnotified: survey.unnotified + plan.unnotifiedCount };
      if (rows.length < this.pageSize) return survey;
    }
  }

  /**
   * Reads the backlog again, oldest first, one page whenever half of the queued resumed work
   * has started. A read that fails ends the run: the rows left are unleased, and the takeover
   * sweep takes them once the database answers.
   */
  private async runPages(tally: ResumeTally, expected: number): Promise<void> {
    const { scheduler, logger } = this.deps;
    const access = new Map<string, Promise<AccessCheck>>();
    let after: BacklogCursor | null = null;
    let queued = 0;
    for (;;) {
      await scheduler.whenResumedAtMost(Math.floor(this.pageSize / 2));
      if (scheduler.isStopped) return;
      const want = Math.max(1, this.pageSize - scheduler.queuedResumed());
      let rows: VideoRequest[];
      let plan: ResumePlan;
      try {
        rows = await this.askingAgain(() => this.backlog.openAfter(after, want));
        if (rows.length === 0) return;
        plan = await this.withoutOthersWhileSettling(await this.pagePlan(rows));
      } catch (error) {
        logger.error(LogEvents.resumeQueryFailed, describeError(error));
        return;
      }
      after = cursorAfter(rows[rows.length - 1]!);
      await this.starter.start(plan, tally, access);
      queued += plan.items.length;
      scheduler.expectResumed(expected - queued);
      if (rows.length < want) return;
    }
  }

  /** One page as resume sees it: not what this process already has queued, whose guild it serves, who else holds what. */
  private async pagePlan(rows: readonly VideoRequest[]): Promise<ResumePlan> {
    const busy = this.deps.scheduler.busyIds();
    const open = rows.filter((r) => !busy.has(r.id));
    const now = this.deps.clock.now();
    return this.planOf(open, now, await this.heldElsewhere(open, now));
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

  /** Up to `limit` rows nobody live holds (free, expired, or of a dead worker) and not already queued here. */
  private async orphans(limit: number): Promise<ResumePlan> {
    const now = this.deps.clock.now();
    const before = this.deps.scheduler.busyIds();
    const rows = await this.deps.repo.findClaimable(this.deps.workerId, now, limit);
    const mine = this.busySince(before);
    // A row this process still has a newer state of (waiting to be written) is not an orphan:
    // what the database says about it is out of date (seed 6172: its lease ran out meanwhile).
    return this.planOf(rows.filter((r) => !mine.has(r.id) && this.deps.unstored?.peek(r.id) === undefined), now);
  }
}
