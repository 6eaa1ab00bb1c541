import { describeError } from '../domain/errors.js';
import { type VideoRequest, newPendingRequest, paramsOf } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import type { RetryInput, RetryResult } from './results.js';
import type { RunGeneration } from './run-generation.js';
import type { SpendControl } from './spend-control.js';

/** Dependencies of {@link RetryFailedRequest}. */
export interface RetryFailedRequestDeps {
  readonly repo: RequestRepository;
  readonly scheduler: WorkScheduler;
  readonly runner: RunGeneration;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly workerId: string;
  readonly leaseMs: number;
  /** Prices the retry and reserves it under the spending caps (a retry is a new generation). */
  readonly spend: SpendControl;
}

const UNAVAILABLE = 'Retrying is temporarily unavailable. Please try again in a minute, or use `/veo` again.';

/**
 * The Retry button (seed 004). A terminal row is never reopened: the retry is a NEW request
 * with `retry_of` set, only the owner may ask, and a second click finds the first retry (no
 * second reservation). The retry is a new generation: its estimate is reserved under the caps.
 */
export class RetryFailedRequest {
  constructor(private readonly deps: RetryFailedRequestDeps) {}

  async execute(input: RetryInput): Promise<RetryResult> {
    try {
      return await this.retry(input);
    } catch (error) {
      this.deps.logger.error('Retry failed', { request_id: input.requestId, user_id: input.userId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }

  private async retry(input: RetryInput): Promise<RetryResult> {
    const { repo, clock } = this.deps;
    const original = await repo.get(input.requestId);
    if (!original) return { ok: false, reason: 'not-found', message: 'That request no longer exists. Please use `/veo` again.' };
    if (original.userId !== input.userId) {
      return { ok: false, reason: 'not-owner', message: `Only <@${original.userId}> can retry this request. Use \`/veo\` to make your own.` };
    }
    if (original.status !== 'failed' && original.status !== 'timeout') {
      return { ok: false, reason: 'not-retryable', message: `This request is ${original.status}; only failed or timed-out requests can be retried.` };
    }
    const existing = await repo.findRetryOf(original.id);
    if (existing) return this.answer(existing, false);

    const now = clock.now();
    const draft = this.deps.spend.priced(newPendingRequest({
      ...paramsOf(original),
      id: this.deps.ids.newId(),
      userId: original.userId,
      guildId: original.guildId,
      channelId: input.channelId,
      createdAt: now,
      interaction: input.interaction,
      retryOf: original.id,
      leaseOwner: this.deps.workerId,
      leaseUntil: new Date(now.getTime() + this.deps.leaseMs),
    }));
    const stored = await this.deps.spend.store(draft, now);
    if (!stored.ok) return stored;
    const created = stored.result;
    if (!created.created) return this.answer(created.request, false);
    this.deps.logger.info('Retry created', { request_id: draft.id, retry_of: original.id, user_id: original.userId });
    return this.answer(created.request, true);
  }

  /** Only the click that created the retry queues it; later clicks just report where it is. */
  private answer(request: VideoRequest, created: boolean): RetryResult {
    if (created) {
      const { position } = this.deps.scheduler.enqueue(this.deps.runner.asJob({ request, resumed: false }, 'new'));
      return { ok: true, request, created, queuePosition: Math.max(1, position) };
    }
    return { ok: true, request, created, queuePosition: this.deps.scheduler.position(request.id) };
  }
}
