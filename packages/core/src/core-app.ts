import { isTerminal } from './domain/status.js';
import type { ModelPolicy } from './domain/generation-options.js';
import type { Clock } from './ports/clock.js';
import type { IdGenerator } from './ports/id-generator.js';
import type { Logger } from './ports/logger.js';
import type { Notifier } from './ports/notifier.js';
import type { QuotaGate } from './ports/quota-gate.js';
import type { RequestRepository } from './ports/request-repository.js';
import type { VideoGenerator } from './ports/video-generator.js';
import type { VideoStore } from './ports/video-store.js';
import type { WorkerPresence } from './ports/worker-presence.js';
import type { GuildSettingsStore } from './ports/guild-settings-store.js';
import type { GuildSettingsSnapshot } from './ports/guild-settings-snapshot.js';
import { GuildSettingsCache } from './services/guild-settings-cache.js';
import { GuildRules } from './services/guild-rules.js';
import { GuildSettingsAdmin } from './use-cases/guild-settings-admin.js';
import type { BacklogReader } from './ports/backlog-reader.js';
import { CancelSource } from './domain/cancel.js';
import { StartUp } from './use-cases/start-up.js';
import type { ResumeSummary } from './use-cases/resume-incomplete-requests.js';
import { NO_CAPS, type SpendCaps, validateCaps } from './domain/budget.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './domain/source-image.js';
import { ConfigurationError, describeError } from './domain/errors.js';
import { DEFAULT_PRICES, type PriceTable, validatePriceTable } from './domain/pricing.js';
import type { BudgetLedger } from './ports/budget-ledger.js';
import { GetBudget, SetGuildBudget } from './use-cases/budget-queries.js';
import { SpendControl } from './services/spend-control.js';
import { PeriodicTask } from './scheduler/periodic-task.js';
import { DEFAULT_SCHEDULER_OPTIONS, type SchedulerOptions, WorkScheduler } from './scheduler/work-scheduler.js';
import { CleanupExpiredRequests } from './use-cases/cleanup-expired-requests.js';
import { PurgeStoredObjects } from './use-cases/purge-stored-objects.js';
import { ForgetUser } from './use-cases/forget-user.js';
import { CancelRequest } from './use-cases/cancel-request.js';
import { ExtendVideo } from './use-cases/extend-video.js';
import type { ErasureStore } from './ports/erasure-store.js';
import type { DeliveryOptions } from './services/notification-delivery.js';
import { KeepLeases } from './use-cases/keep-leases.js';
import { GetDashboard, GetGuildStats, GetUserHistory } from './use-cases/queries.js';
import { RESUME_PAGE_SIZE, ResumeIncompleteRequests } from './use-cases/resume-incomplete-requests.js';
import { ReadyEstimates } from './services/ready-estimates.js';
import { RequestAgain } from './use-cases/request-again.js';
import { RetryFailedRequest } from './use-cases/retry-failed-request.js';
import { type GenerationOptions, RunGeneration } from './use-cases/run-generation.js';
import { SubmitVideoRequest } from './use-cases/submit-video-request.js';
import { UnstoredWrites } from './services/unstored-writes.js';
import { LeaseBook } from './services/lease-book.js';

/** Everything the core needs from the outside world, plus its settings. */
export interface VeoCoreDeps {
  readonly repo: RequestRepository;
  readonly generator: VideoGenerator;
  readonly store: VideoStore;
  readonly notifier: Notifier;
  readonly quota: QuotaGate;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ids: IdGenerator;
  /** Unique per process (e.g. host:pid:random); owns leases. */
  readonly workerId: string;
  readonly policy: ModelPolicy;
  readonly settings?: Partial<VeoCoreSettings>;
  readonly ownsGuild?: (guildId: string | null) => boolean;
  /** Enforces spending caps (Postgres: `PgBudgetLedger`); without one, costs are recorded but nothing is capped. */
  readonly ledger?: BudgetLedger;
  /** Each server's own rules (`/veo-settings`; Postgres: `PgGuildSettingsStore`); without one, none apply. */
  readonly guildSettings?: GuildSettingsStore;
  /**
   * A local copy of those settings (the cli: a file), written after they were read and used
   * by a process whose database has been down since it started; without one such a process
   * refuses `/veo` in servers until the database answers (direct messages go on).
   */
  readonly guildSettingsSnapshot?: GuildSettingsSnapshot;
  /**
   * Tells live workers from dead ones (Postgres: `PgWorkerPresence`), so a crashed instance's
   * rows are taken over within seconds instead of after its leases run out.
   */
  readonly presence?: WorkerPresence;
  /**
   * Reads the backlog to resume a page at a time (Postgres: `PgBacklogReader`); without one,
   * each page is cut from a read of every open row.
   */
  readonly backlog?: BacklogReader;
  /**
   * Erasure (Postgres: `PgErasureStore`): with it, retention also deletes the requests' objects
   * in Cloud Storage, an hourly sweep finishes any that could not be deleted yet, and
   * {@link VeoCore.forget} is available.
   */
  readonly erasure?: ErasureStore;
}

/** Tunable behaviour, with the specs' defaults. */
export interface VeoCoreSettings {
  readonly perUserDailyLimit: number;
  readonly leaseMs: number;
  readonly resumeEnabled: boolean;
  readonly retentionDays: number | null;
  readonly scheduler: Partial<SchedulerOptions>;
  readonly generation: Partial<GenerationOptions>;
  readonly delivery: Partial<DeliveryOptions>;
  /** USD per second by model; every offered model must have a price (checked at construction). */
  readonly prices: PriceTable;
  /** Default spending caps; guilds may set their own through the ledger. */
  readonly budget: SpendCaps;
  /** Size and dimension limits of a first-frame image. */
  readonly imageLimits: ImageLimits;
  /** How often to look for rows of dead or expired owners to take over (default 5 s, at most the lease). */
  readonly takeoverCheckMs: number;
  /** Wait between start-up tries while the database is down. */
  readonly startupRetryMs: number;
  /** Resumed requests read and queued at most at once (a page of the backlog; default 100). */
  readonly resumePageSize: number;
}

/** Defaults: 10 videos per user per day, 60 s leases, resume on, keep requests forever. */
export const DEFAULT_CORE_SETTINGS: VeoCoreSettings = {
  perUserDailyLimit: 10,
  leaseMs: 60_000,
  resumeEnabled: true,
  retentionDays: null,
  scheduler: {},
  generation: {},
  delivery: {},
  prices: DEFAULT_PRICES,
  budget: NO_CAPS,
  imageLimits: DEFAULT_IMAGE_LIMITS,
  takeoverCheckMs: 5_000,
  startupRetryMs: 5_000,
  resumePageSize: RESUME_PAGE_SIZE,
};

/** The assembled core: use cases over one scheduler, and its background loops. */
export class VeoCore {
  readonly settings: VeoCoreSettings;
  readonly scheduler: WorkScheduler;
  readonly runner: RunGeneration;
  readonly submit: SubmitVideoRequest;
  readonly retry: RetryFailedRequest;
  /** The Again button on a delivered video. */
  readonly again: RequestAgain;
  /** The Cancel button of a queued request. */
  readonly cancel: CancelRequest;
  /** The Extend button (and modal) of a delivered video. */
  readonly extend: ExtendVideo;
  /** Queue positions and ETAs from the recent completion times of each model. */
  readonly estimates: ReadyEstimates;
  readonly resume: ResumeIncompleteRequests;
  readonly keepLeases: KeepLeases;
  readonly history: GetUserHistory;
  readonly guildStats: GetGuildStats;
  readonly dashboard: GetDashboard;
  readonly cleanup: CleanupExpiredRequests;
  /** Sweep of Cloud Storage objects of deleted or erased requests (null without an erasure store). */
  readonly purge: PurgeStoredObjects | null;
  /** `/veo-forget-me` and `veo-bot forget` (null without an erasure store). */
  readonly forget: ForgetUser | null;
  /** `/veo-budget` show: caps, spend, what is left, when it resets. */
  readonly budget: GetBudget;
  /** `/veo-budget` set (the chat adapter checks Manage Server first). */
  readonly setGuildBudget: SetGuildBudget;
  /** States not yet written because the database was down; reconciled in the background. */
  readonly unstored: UnstoredWrites;
  private readonly loops: PeriodicTask[] = [];
  /** See {@link ResumeDeps.presenceSettling}. */
  private settlingUntil = 0;
  private readonly startup: StartUp;
  private readonly stopping = new CancelSource();
  /** Which leases still fence a send while the database is down. */
  private readonly leases: LeaseBook;
  /** Each server's settings as this process knows them (null without a settings store). */
  readonly guildSettingsCache: GuildSettingsCache | null;
  /** `/veo-settings` and `veo-bot settings` (null without a settings store). */
  readonly guildSettingsAdmin: GuildSettingsAdmin | null;
  private readonly deps: VeoCoreDeps;

  constructor(deps: VeoCoreDeps) {
    const settings = { ...DEFAULT_CORE_SETTINGS, ...deps.settings };
    this.settings = settings;
    this.deps = deps;
    const { leaseMs } = settings;
    const scheduler = new WorkScheduler({ clock: deps.clock, logger: deps.logger, options: settings.scheduler });
    const generation = { ...settings.generation, taskTimeoutMs: settings.scheduler.taskTimeoutMs ?? settings.generation.taskTimeoutMs ?? DEFAULT_SCHEDULER_OPTIONS.taskTimeoutMs };
    const { presence, workerId } = deps;
    const leases = new LeaseBook(presence ? () => presence.isJoined(workerId) : undefined);
    const unstored = new UnstoredWrites({ ...deps, leases });
    const concurrency = settings.scheduler.concurrency ?? DEFAULT_SCHEDULER_OPTIONS.concurrency;
    const estimates = new ReadyEstimates({ ...deps, concurrency });
    const runner = new RunGeneration({ ...deps, leaseMs, unstored, leases, estimates, options: generation, deliveryOptions: settings.delivery });
    const problems = [...validatePriceTable(settings.prices, deps.policy.models), ...validateCaps(settings.budget)];
    if (problems.length > 0) throw new ConfigurationError(`Spend control: ${problems.join('; ')}`);
    const spend = new SpendControl({ ...deps, prices: settings.prices, caps: settings.budget });
    const store = deps.guildSettings;
    this.guildSettingsCache = store ? new GuildSettingsCache({ ...deps, store, snapshot: deps.guildSettingsSnapshot }) : null;
    this.guildSettingsAdmin = store ? new GuildSettingsAdmin({ ...deps, store, cache: this.guildSettingsCache ?? undefined }) : null;
    const rules = this.guildSettingsCache ? new GuildRules({ ...deps, cache: this.guildSettingsCache }) : undefined;
    const common = { ...deps, scheduler, runner, leaseMs, unstored, spend, estimates, leases, ...(rules ? { rules } : {}) };
    this.estimates = estimates;
    this.leases = leases;
    this.unstored = unstored;
    this.scheduler = scheduler;
    this.runner = runner;
    this.submit = new SubmitVideoRequest({ ...common, perUserDailyLimit: settings.perUserDailyLimit, imageLimits: settings.imageLimits });
    this.retry = new RetryFailedRequest(common);
    this.again = new RequestAgain({ ...common, perUserDailyLimit: settings.perUserDailyLimit });
    this.cancel = new CancelRequest(common);
    this.extend = new ExtendVideo({ ...common, perUserDailyLimit: settings.perUserDailyLimit });
    this.resume = new ResumeIncompleteRequests({ ...common, enabled: settings.resumeEnabled, pageSize: settings.resumePageSize, presenceSettling: () => this.presenceSettling() });
    this.keepLeases = new KeepLeases({ ...common, delivering: () => runner.delivery.deliveringIds() });
    this.history = new GetUserHistory(deps);
    this.guildStats = new GetGuildStats(deps);
    this.dashboard = new GetDashboard(deps);
    this.budget = new GetBudget({ ...deps, defaults: settings.budget });
    this.setGuildBudget = new SetGuildBudget({ ...deps, defaults: settings.budget });
    const { erasure } = deps;
    this.purge = erasure ? new PurgeStoredObjects({ ...deps, erasure, outputPrefix: (id) => deps.generator.outputPrefix(id) }) : null;
    this.forget = erasure && this.purge ? new ForgetUser({ ...deps, erasure, purge: this.purge, cancelLocal: (id) => scheduler.cancel(id) }) : null;
    this.cleanup = new CleanupExpiredRequests({ ...deps, retentionDays: settings.retentionDays, ...(this.purge ? { purge: this.purge } : {}) });
    this.startup = new StartUp({ ...deps, resume: this.resume, retryMs: settings.startupRetryMs, holdNewWork: () => scheduler.holdNewWork(), joinedAfterOutage: () => this.settle(), joined: () => this.joined() });
    unstored.announce = (id) => this.announceStored(id);
  }

  /** A failure held back during an outage was stored: announce it now (the fence decides who). */
  private async announceStored(id: string): Promise<void> {
    const row = await this.deps.repo.get(id);
    if (row && isTerminal(row.status) && row.notifiedAt === null) await this.runner.delivery.deliver(row, false, this.stopping.signal);
  }

  /**
   * Start-up after the chat platform is connected: `prepare` (e.g. migrations), announce this
   * worker alive, resume interrupted requests; retried in the background while the database is
   * down, never blocking the bot. Resolves with the resume summary (null if shut down first);
   * rejects when `prepare` refuses for good with a ConfigurationError (e.g. a database schema
   * newer than this code), which the caller must treat as fatal.
   */
  startUp(prepare?: () => Promise<void>): Promise<ResumeSummary | null> {
    return this.startup.execute({ ...(prepare ? { prepare } : {}), signal: this.stopping.signal });
  }

  /** One resume run that does not wait for the database (`veo-bot resume`): presence, then resume. */
  async resumeOnce(): Promise<ResumeSummary> {
    const { presence, workerId, logger } = this.deps;
    try {
      await presence?.join(workerId);
    } catch (error) {
      logger.warn('Could not announce this worker; resuming anyway', describeError(error));
    }
    return this.resume.execute();
  }

  /**
   * Starts the background loops: lease renewal (every lease/3), reconcile of writes lost to a
   * database outage (every lease/4), takeover of crashed instances'
   * rows (every lease period, when resume is enabled), daily cleanup (when retention is set),
   * hourly storage purge (with an erasure store).
   */
  startBackground(deps: { clock: Clock; logger: Logger }): void {
    const { leaseMs, resumeEnabled, retentionDays } = this.settings;
    this.loops.push(new PeriodicTask(deps, 'lease renewal', Math.max(1000, Math.floor(leaseMs / 3)), () => this.keepLeases.execute()));
    this.loops.push(new PeriodicTask(deps, 'reconcile', Math.max(1000, Math.floor(leaseMs / 4)), () => this.unstored.reconcile()));
    const takeoverMs = this.takeoverMs();
    if (resumeEnabled) this.loops.push(new PeriodicTask(deps, 'takeover sweep', takeoverMs, () => this.resume.execute({ sweep: true })));
    const { presence } = this.deps;
    if (presence) {
      // A lost presence connection (database restart, network blip) is re-announced.
      this.loops.push(new PeriodicTask(deps, 'presence', takeoverMs, () => this.rejoin(presence)));
    }
    if (retentionDays !== null) this.loops.push(new PeriodicTask(deps, 'retention cleanup', 24 * 60 * 60_000, () => this.cleanup.execute()));
    // Objects Cloud Storage would not delete yet, and folders of requests forgotten mid-render.
    const { purge } = this;
    if (purge) this.loops.push(new PeriodicTask(deps, 'storage purge', 60 * 60_000, async () => void (await purge.execute())));
    for (const loop of this.loops) loop.start(loop.name === 'retention cleanup');
  }

  /** Re-announces this worker after a lost connection, then writes what the outage kept back. */
  private async rejoin(presence: WorkerPresence): Promise<void> {
    const { workerId } = this.deps;
    if (presence.isJoined(workerId)) return;
    await presence.join(workerId);
    this.settle();
    await this.joined();
    await this.unstored.reconcile();
  }

  /** Announced (again): leases confirmed under an earlier presence fence nothing any more. */
  private async joined(): Promise<void> {
    this.leases.rejoined();
    // Changes made while this process was away were not heard: read every server's settings.
    await this.guildSettingsCache?.start();
    await this.readServerStart();
  }

  /** A presence store that restarted a moment ago says nothing yet about who is gone; false: it could not be asked. */
  private async readServerStart(): Promise<boolean> {
    const ask = this.deps.presence?.serverStartedAt;
    if (!ask) return true;
    const started = await ask.call(this.deps.presence).catch(() => undefined);
    if (started) this.settlingUntil = Math.max(this.settlingUntil, started.getTime() + 2 * this.takeoverMs());
    return started !== undefined;
  }

  /** Everyone lost presence: give the others two rounds to re-announce before any takeover. */
  private settle(): void {
    this.settlingUntil = this.deps.clock.now().getTime() + 2 * this.takeoverMs();
  }

  private takeoverMs(): number {
    return Math.max(1000, Math.min(this.settings.leaseMs, this.settings.takeoverCheckMs));
  }

  /** Not announced myself (connection lost), or only just again: others may be reconnecting too. */
  private async presenceSettling(): Promise<boolean> {
    const { presence, workerId, clock } = this.deps;
    if (presence && !presence.isJoined(workerId)) return true;
    // The store may have restarted before this process noticed its own presence was lost
    // (seed 16341: a sweep 1 s after the restart took the rows of an instance still
    // reconnecting): ask when it last started before taking anyone's rows.
    if (!(await this.readServerStart())) return true;
    return clock.now().getTime() < this.settlingUntil;
  }

  /**
   * Graceful stop: the loops and the scheduler stop, running work stops polling and leaves its
   * row resumable, and every lease this worker holds (queued and running) is released, so the
   * next process or another instance takes the rows over at once.
   */
  async shutdown(): Promise<void> {
    this.stopping.cancel();
    await Promise.all(this.loops.splice(0).map((l) => l.stop()));
    await this.scheduler.shutdown();
    const { repo, presence, workerId, logger } = this.deps;
    // States lost to an outage are written now if the database answers, or they die with us.
    await this.unstored.reconcile().catch(() => 0);
    try {
      const released = await repo.releaseLeases(workerId);
      if (released > 0) logger.info('Leases released', { worker_id: workerId, request_count: released });
    } catch (error) {
      logger.warn('Could not release leases; they are taken over once this worker is seen gone', { worker_id: workerId, ...describeError(error) });
    }
    await presence?.leave(workerId);
    await this.guildSettingsCache?.stop();
  }
}
