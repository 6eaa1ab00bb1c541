import { describeError } from '../domain/errors.js';
import { type ModelPolicy, validateGenerationOptions } from '../domain/generation-options.js';
import { LogEvents } from '../domain/messages.js';
import { type RequestImages, hasImages, imageCount } from '../domain/request-images.js';
import type { ImageLimits } from '../domain/source-image.js';
import { type VideoRequest, newPendingRequest, promptForLog } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { Logger } from '../ports/logger.js';
import type { RequestRepository } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import { PerUserLimit } from '../services/per-user-limit.js';
import type { ReadyEstimates } from '../services/ready-estimates.js';
import type { BudgetRefusal, SubmitInput, SubmitResult } from './results.js';
import type { SpendControl } from '../services/spend-control.js';
import type { RunGeneration } from './run-generation.js';
import type { UnstoredWrites } from '../services/unstored-writes.js';
import type { LeaseBook } from '../services/lease-book.js';
import type { GuildRules } from '../services/guild-rules.js';
import { checkSubmittedImages } from '../services/submitted-images.js';

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
  /** Where the lease the new row is created with is written down. */
  readonly leases?: LeaseBook;
  /** Each server's own rules (`/veo-settings`); none: no server rules. */
  readonly rules?: GuildRules;
  /** Prices each request and enforces spending caps before anything reaches Google. */
  readonly spend: SpendControl;
  /** Sends the first "queued" status with the queue position and ETA. */
  readonly estimates: ReadyEstimates;
  /** Size and dimension limits of each image (first and last frame, reference images; default `DEFAULT_IMAGE_LIMITS`). */
  readonly imageLimits?: ImageLimits;
}

type Refusal = Extract<SubmitResult, { ok: false }>;
const IMAGE_UNAVAILABLE = 'Your image cannot be stored right now, so the video was not started. Please try again in a minute.';
const IMAGES_UNAVAILABLE = 'Your images cannot be stored right now, so the video was not started. Please try again in a minute.';

/**
 * `/veo`: validate (options, and the images if any: first frame, last frame, reference images —
 * each checked, and their combination against the model), apply the per-user limit, price
 * it and reserve the estimate under every spending cap while persisting it as pending — with its
 * images in the same atomic write — (or carry on with a synthetic id when the database is down, no
 * cap applies and there is no image, DUR-16), queue behind any resumed work, and show the
 * queue position and ETA.
 */
export class SubmitVideoRequest {
  private readonly limit: PerUserLimit;

  constructor(private readonly deps: SubmitVideoRequestDeps) {
    this.limit = new PerUserLimit({ ...deps, limit: deps.perUserDailyLimit });
  }

  async execute(input: SubmitInput): Promise<SubmitResult> {
    const { clock } = this.deps;
    const submitted = checkSubmittedImages(input, this.deps.imageLimits);
    const validation = validateGenerationOptions({ ...input.options, images: submitted.shape }, this.deps.policy);
    const issues = [...(validation.ok ? [] : validation.issues), ...submitted.issues];
    if (!validation.ok || issues.length > 0) {
      return { ok: false, reason: 'invalid', issues, message: issues.map((i) => i.message).join('\n') };
    }
    const image = hasImages(submitted.images) ? submitted.images : undefined;
    const now = clock.now();
    const rules = await this.deps.rules?.check({ ...input, params: validation.value });
    if (rules && !rules.ok) return rules;
    const server = input.guildId !== null && rules?.perUserDailyLimit ? { guildId: input.guildId, limit: rules.perUserDailyLimit } : undefined;
    const limited = rules?.exempt ? null : await this.limit.check(input.userId, now, server);
    if (limited) return limited;
    // The lease runs from now, not from before the check: time lost during it (a suspended
    // process) would create the row with a lease already run out (seed 4332: taken over at once).
    const leasedAt = clock.now();

    const draft = this.deps.spend.priced(newPendingRequest({
      ...validation.value,
      ...(rules ? { personGeneration: rules.personGeneration } : {}),
      id: this.deps.ids.newId(),
      userId: input.userId,
      guildId: input.guildId,
      channelId: input.channelId,
      createdAt: now,
      interaction: input.interaction,
      leaseOwner: this.deps.workerId,
      leaseUntil: new Date(leasedAt.getTime() + this.deps.leaseMs),
    }));
    // Ours from the first moment: a slow create must not let this process's own sweep take it.
    const letGo = this.deps.scheduler.expect(draft.id);
    let stored: Awaited<ReturnType<typeof this.persist>>;
    try {
      stored = await this.persist(draft, now, image);
    } catch (error) {
      letGo();
      throw error;
    }
    if ('ok' in stored) {
      letGo();
      return stored;
    }
    const { request, persisted } = stored;
    const { position } = this.deps.scheduler.enqueue(this.deps.runner.asJob({ request, resumed: false, persisted, images: image ?? null }, 'new'));
    letGo();
    const eta = await this.deps.estimates.announceQueued(request, position, this.deps.runner.delivery.route(request));
    return { ok: true, request, persisted, queuePosition: Math.max(1, position), eta };
  }

  private async persist(draft: VideoRequest, now: Date, image: RequestImages | undefined): Promise<{ request: VideoRequest; persisted: boolean } | BudgetRefusal | Refusal> {
    const { logger } = this.deps;
    try {
      const stamp = this.deps.leases?.stamp() ?? null;
      const outcome = await this.deps.spend.store(draft, now, image);
      if (!outcome.ok) return outcome;
      const { result } = outcome;
      this.deps.leases?.observed(draft.id, result.request, this.deps.workerId, stamp);
      if (!result.created) logger.warn(LogEvents.duplicateRequest, { request_id: draft.id, conflict: result.conflict });
      logger.info(LogEvents.requestCreated, {
        request_id: result.request.id,
        user_id: draft.userId,
        guild_id: draft.guildId,
        prompt_length: draft.prompt.length,
        prompt: promptForLog(draft.prompt),
        estimated_cost_usd: draft.estimatedCostUsd,
        ...(image?.first ? { image: { mime_type: image.first.mimeType, size_bytes: image.first.bytes.length, width: image.first.width, height: image.first.height } } : {}),
        ...(image && (image.last || image.references.length > 0) ? { last_frame: image.last !== null, reference_images: image.references.length } : {}),
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
        synthetic_id: image === undefined,
        ...describeError(error),
      });
      // An image must be durable before a request is accepted: no synthetic id for it.
      if (image) return { ok: false, reason: 'unavailable', message: imageCount(image) > 1 ? IMAGES_UNAVAILABLE : IMAGE_UNAVAILABLE };
      this.deps.unstored?.remember(draft);
      return { request: draft, persisted: false };
    }
  }
}
