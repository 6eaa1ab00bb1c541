import type { GenerationParams, ModelPolicy } from '../domain/generation-options.js';
import { followUpParams } from '../domain/model-succession.js';
import { type RequestImages, hasImages, shapeOf } from '../domain/request-images.js';
import type { RequestStatus } from '../domain/status.js';
import { type NewVideoRequest, type VideoRequest, newPendingRequest, paramsOf } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import type { GuildRules } from './guild-rules.js';
import type { PerUserLimit } from './per-user-limit.js';
import type { ReadyEstimates } from './ready-estimates.js';
import type { AgainResult, RetryInput } from '../use-cases/results.js';
import type { RunGeneration } from '../use-cases/run-generation.js';
import type { SpendControl } from './spend-control.js';

/** Dependencies shared by Retry and Again. */
export interface FollowUpDeps {
  readonly repo: RequestRepository;
  readonly scheduler: WorkScheduler;
  readonly runner: RunGeneration;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly workerId: string;
  readonly leaseMs: number;
  /** Models offered: a follow-up of a request whose model is gone (retired by Google) uses its replacement. */
  readonly policy: ModelPolicy;
  /** Prices the new request and reserves it under the spending caps (it is a new generation). */
  readonly spend: SpendControl;
  /** Sends the new request's first "queued" status with its ETA. */
  readonly estimates: ReadyEstimates;
  /** The server's own rules (`/veo-settings`): a follow-up is a new video, checked like `/veo`. */
  readonly rules?: GuildRules;
}

/** How one kind of follow-up (Retry, Again) behaves. */
export interface FollowUpRules {
  /** Statuses of the original it may be made from. */
  readonly from: readonly RequestStatus[];
  readonly notOwner: (ownerId: string) => string;
  readonly notAllowed: (status: RequestStatus) => string;
  /** Log event of a created follow-up. */
  readonly created: string;
  /** The per-user limit, when this follow-up counts against it. */
  readonly limit?: PerUserLimit;
  /** A new take (Again): the original's seed is not reused, so the video differs. */
  readonly newTake?: boolean;
}

/** Said when a request with a first frame is followed up where no model offered takes an image. */
export const NO_IMAGE_MODEL = 'This video was made from an image, and none of the models this server offers now makes videos from an image. Use `/veo` with a text prompt instead.';
/** Said when a request with a last frame or reference images is followed up where no model offered takes them. */
export const NO_FRAMES_MODEL = 'This video was made with a last frame or reference images, and none of the models this server offers now takes them. Use `/veo` again with what the models here take.';

/**
 * A new request made from an earlier one with the same parameters and the same images (first and
 * last frame, reference images),
 * linked by `retry_of` ("made from"; unique, so a second click finds the first follow-up and
 * reserves nothing). A terminal row is never reopened; only its owner may ask. A request made
 * with a model this deployment no longer offers (one Google retired) is made with its successor.
 */
export class FollowUpRequests {
  constructor(private readonly deps: FollowUpDeps, private readonly rules: FollowUpRules) {}

  async make(input: RetryInput): Promise<AgainResult> {
    const { repo, clock } = this.deps;
    const original = await repo.get(input.requestId);
    if (!original) return { ok: false, reason: 'not-found', message: 'That request no longer exists. Please use `/veo` again.' };
    if (original.userId !== input.userId) return { ok: false, reason: 'not-owner', message: this.rules.notOwner(original.userId) };
    if (!this.rules.from.includes(original.status)) return { ok: false, reason: 'not-retryable', message: this.rules.notAllowed(original.status) };
    const existing = await repo.findRetryOf(original.id);
    if (existing) return this.answer(existing, false);

    const now = clock.now();
    const stored = await repo.findImages(original.id);
    const images = hasImages(stored) ? stored : undefined;
    const followed = followUpParams(paramsOf(original), this.deps.policy, images ? shapeOf(images) : false);
    if (!followed) return { ok: false, reason: 'not-retryable', message: images && !images.last && images.references.length === 0 ? NO_IMAGE_MODEL : NO_FRAMES_MODEL };
    // A new video: people in it as the operator (and, below, the server) allow now.
    const params = { ...followed, personGeneration: this.deps.policy.personGeneration ?? null, ...(this.rules.newTake ? { seed: null } : {}) };
    const dropped = this.rules.newTake && original.seed !== null ? { droppedSeed: original.seed } : {};
    const admitted = await admitFollowUp(this.deps, this.rules.limit, input, original, params, { retryOf: original.id }, now);
    if (!admitted.ok) return admitted;
    const { draft } = admitted;
    // Ours from the first moment: a slow create must not let this process's own sweep take it.
    const letGo = this.deps.scheduler.expect(draft.id);
    try {
      const outcome = await this.deps.spend.store(draft, now, images);
      if (!outcome.ok) return outcome;
      const created = outcome.result;
      if (!created.created) return { ...(await this.answer(created.request, false)), ...dropped };
      this.deps.logger.info(this.rules.created, { request_id: draft.id, retry_of: original.id, user_id: original.userId, with_image: images !== undefined });
      return { ...(await this.answer(created.request, true, images ?? null)), ...dropped };
    } finally {
      letGo();
    }
  }

  /** Only the click that created the follow-up queues it; later clicks just report where it is. */
  private async answer(request: VideoRequest, created: boolean, images: RequestImages | null = null): Promise<AgainResult> {
    if (created) return queueFollowUp(this.deps, request, images);
    return { ok: true, request, created, queuePosition: this.deps.scheduler.position(request.id) };
  }
}

/** How a follow-up row is linked to the request it was made from. */
export type FollowUpLink = Pick<NewVideoRequest, 'retryOf'> | Pick<NewVideoRequest, 'extendsId' | 'sourceSeconds'>;

/**
 * The steps every follow-up (Retry, Again, Extend) shares once its parameters are known: the
 * server's rules as they stand now (a word blocked since, a channel closed), the per-user limit
 * (unless the rules exempt the asker), then the priced pending row made at `now`, leased to this
 * worker from the present moment (not from before the reads above: seed 4332). A refusal, or the
 * row to store.
 */
export async function admitFollowUp(deps: FollowUpDeps, limit: PerUserLimit | undefined, input: RetryInput, original: VideoRequest, params: GenerationParams, link: FollowUpLink, now: Date): Promise<Exclude<AgainResult, { ok: true }> | { readonly ok: true; readonly draft: VideoRequest }> {
  const verdict = await deps.rules?.check({ ...input, guildId: original.guildId, params });
  if (verdict && !verdict.ok) return verdict;
  const server = original.guildId !== null && verdict?.perUserDailyLimit ? { guildId: original.guildId, limit: verdict.perUserDailyLimit } : undefined;
  const limited = verdict?.exempt ? null : await limit?.check(original.userId, now, server);
  if (limited) return limited;
  const draft = deps.spend.priced(newPendingRequest({
    ...params,
    ...(verdict ? { personGeneration: verdict.personGeneration } : {}),
    ...link,
    id: deps.ids.newId(),
    userId: original.userId,
    guildId: original.guildId,
    channelId: input.channelId,
    createdAt: now,
    interaction: input.interaction,
    leaseOwner: deps.workerId,
    leaseUntil: new Date(deps.clock.now().getTime() + deps.leaseMs),
  }));
  return { ok: true, draft };
}

/** Queues a follow-up just created and sends its first "queued" status with the ETA. */
export async function queueFollowUp(deps: FollowUpDeps, request: VideoRequest, images: RequestImages | null): Promise<AgainResult> {
  const { position } = deps.scheduler.enqueue(deps.runner.asJob({ request, resumed: false, images }, 'new'));
  const eta = await deps.estimates.announceQueued(request, position, deps.runner.delivery.route(request));
  return { ok: true, request, created: true, queuePosition: Math.max(1, position), eta };
}
