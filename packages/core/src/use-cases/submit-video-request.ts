import { describeError } from '../domain/errors.js';
import { type ModelPolicy, validateGenerationOptions } from '../domain/generation-options.js';
import { LogEvents } from '../domain/messages.js';
import { type VideoRequest, newPendingRequest, promptForLog } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import type { BudgetRefusal, SubmitInput, SubmitResult } from './results.js';
import type { SpendControl } from './spend-control.js';
import type { RunGeneration } from './run-generation.js';
import type { UnstoredWrites } from './unstored-writes.js';

const DAY_MS = 24 * 60 * 60_000;

/** Dependencies of {@link SubmitVideoRequest}. */
export interface SubmitVideoRequestDeps {
  readonly repo: RequestRepository;
  readonly scheduler: WorkScheduler;
  readonly runner: RunGeneration;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly policy: ModelPolicy;
  /** Requests per user per rolling 24 h (failed and timed-out ones do not count); 0 = no limit. */
  readonly perUserDailyLimit: number;
  /** This process's worker id: the new row is leased to it from the start. */
  readonly workerId: string;
  readonly leaseMs: number;
  /** A request accepted while the database is down is remembered here and written later. */
  readonly unstored?: UnstoredWrites;
  /** Prices each request and enforces spending caps before anything reaches Google. */
  readonly spend: SpendControl;
}

/**
 * `/veo`: validate, apply the per-user limit, price it and reserve the estimate under every
 * spending cap while persisting it as pending (or carry on with a synthetic id when the database
 * is down and no cap applies, seed 003), and queue behind any resumed work.
 */
export class SubmitVideoRequest {
  constructor(private readonly deps: SubmitVideoRequestDeps) {}

  async execute(input: SubmitInput): Promise<SubmitResult> {
    const { clock } = this.deps;
    const validation = validateGenerationOptions(input.options, this.deps.policy);
    if (!validation.ok) {
      return { ok: false, reason: 'invalid', issues: validation.issues, message: validation.issues.map((i) => i.message).join('\n') };
    }
    const now = clock.now();
    const limited = await this.checkLimit(input.userId, now);
    if (limited) return limited;

    const draft = this.deps.spend.priced(newPendingRequest({
      ...validation.value,
      id: this.deps.ids.newId(),
      userId: input.userId,
      guildId: input.guildId,
      channelId: input.channelId,
      createdAt: now,
      interaction: input.interaction,
      leaseOwner: this.deps.workerId,
      leaseUntil: new Date(now.getTime() + this.deps.leaseMs),
    }));
    const stored = await this.persist(draft, now);
    if ('ok' in stored) return stored;
    const { request, persisted } = stored;
    const { position } = this.deps.scheduler.enqueue(this.deps.runner.asJob({ request, resumed: false, persisted }, 'new'));
    return { ok: true, request, persisted, queuePosition: Math.max(1, position) };
  }

  private async checkLimit(userId: string, now: Date): Promise<SubmitResult | null> {
    const limit = this.deps.perUserDailyLimit;
    if (limit <= 0) return null;
    try {
      const { count, oldest } = await this.deps.repo.countRecentByUser(userId, new Date(now.getTime() - DAY_MS));
      if (count < limit) return null;
      const retryAt = new Date((oldest ?? now).getTime() + DAY_MS);
      return {
        ok: false,
        reason: 'rate-limited',
        limit,
        retryAt,
        // The time is in `retryAt`; chat adapters render it in the user's own time zone.
        message: `You have used all ${limit} videos allowed per 24 hours.`,
      };
    } catch (error) {
      // Graceful degradation: with the database down the limit cannot be checked; let it through.
      this.deps.logger.warn('Per-user limit not checked (database unavailable)', { user_id: userId, ...describeError(error) });
      return null;
    }
  }

  private async persist(draft: VideoRequest, now: Date): Promise<{ request: VideoRequest; persisted: boolean } | BudgetRefusal> {
    const { logger } = this.deps;
    try {
      const outcome = await this.deps.spend.store(draft, now);
      if (!outcome.ok) return outcome;
      const { result } = outcome;
      if (!result.created) logger.warn(LogEvents.duplicateRequest, { request_id: draft.id, conflict: result.conflict });
      logger.info(LogEvents.requestCreated, {
        request_id: result.request.id,
        user_id: draft.userId,
        guild_id: draft.guildId,
        prompt_length: draft.prompt.length,
        prompt: promptForLog(draft.prompt),
        estimated_cost_usd: draft.estimatedCostUsd,
        parameters: { model: draft.model, duration_seconds: draft.durationSeconds, aspect_ratio: draft.aspectRatio, resolution: draft.resolution, generate_audio: draft.generateAudio },
      });
      return { request: result.request, persisted: true };
    } catch (error) {
      logger.error(LogEvents.requestCreateFailed, {
        request_id: draft.id,
        user_id: draft.userId,
        guild_id: draft.guildId,
        channel_id: draft.channelId,
        prompt: promptForLog(draft.prompt),
        synthetic_id: true,
        ...describeError(error),
      });
      this.deps.unstored?.remember({ ...draft, leaseOwner: null, leaseUntil: null });
      return { request: draft, persisted: false };
    }
  }
}
