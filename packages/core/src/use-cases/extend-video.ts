import { describeError } from '../domain/errors.js';
import { validateGenerationOptions } from '../domain/generation-options.js';
import { findModel } from '../domain/models.js';
import { type VideoRequest, videoSeconds } from '../domain/video-request.js';
import { type FollowUpDeps, admitFollowUp, queueFollowUp } from '../services/follow-up-requests.js';
import { PerUserLimit } from '../services/per-user-limit.js';
import type { AgainResult, RetryInput } from './results.js';

/** A submitted Extend modal: the delivered video to continue and how it should go on. */
export interface ExtendInput extends RetryInput {
  /** The continuation prompt. */
  readonly prompt: string;
  readonly negativePrompt?: string | null;
}

/** Dependencies of {@link ExtendVideo}. */
export interface ExtendVideoDeps extends FollowUpDeps {
  /** Requests per user per rolling 24 h (as for `/veo`); 0 = no limit. */
  readonly perUserDailyLimit: number;
}

const UNAVAILABLE = 'Extending this video is temporarily unavailable. Please try again in a minute.';

/** Who asks to extend which video, before the continuation prompt is asked for. */
export interface ExtendCheckInput {
  readonly requestId: string;
  readonly userId: string;
}

/** Whether {@link ExtendVideo.check} would let the asker extend the video now, and if not what to tell them. */
export type ExtendCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'not-found' | 'not-owner' | 'not-retryable' | 'unavailable'; readonly message: string };

/**
 * Whether a delivered video can be extended, and if not why (for hiding the button and for
 * refusing a stale or forged click): it must be completed, stored in Cloud Storage, made by a
 * model that extends videos offered here, and no longer than the model extends.
 */
export function extensionRefusal(request: VideoRequest, policy: FollowUpDeps['policy']): string | null {
  if (request.status !== 'completed' || request.videoUrls.length === 0) return 'Only a delivered video can be extended.';
  const model = findModel(request.model, policy.models);
  if (!model?.extension) return `${model?.label ?? request.model} cannot extend videos here.`;
  const seconds = videoSeconds(request);
  if (seconds > model.extension.maxInputSeconds) return `This video is ${seconds} s long; Google extends videos of at most ${model.extension.maxInputSeconds} s.`;
  return null;
}

const GONE = 'That video no longer exists. Please use `/veo` again.';

/** Why `userId` may not extend `original` (gone, someone else's, not extendable), or null. */
function refusedFor(original: VideoRequest | null, userId: string, policy: FollowUpDeps['policy']): Extract<ExtendCheck, { ok: false }> | null {
  if (!original) return { ok: false, reason: 'not-found', message: GONE };
  if (original.userId !== userId) return { ok: false, reason: 'not-owner', message: `Only <@${original.userId}> can extend this video. Use \`/veo\` to make your own.` };
  const refusal = extensionRefusal(original, policy);
  return refusal ? { ok: false, reason: 'not-retryable', message: refusal } : null;
}

/**
 * Extend (the button on a delivered video, then its modal): a NEW request that sends Google the
 * original's stored video (its `gs://` URI, kept with the new row so a restart sends the same)
 * with the continuation prompt, and delivers the longer video. Owner only; the same model;
 * checked against the server's rules, counted against the per-user limit and reserved under the
 * budgets for the seconds it adds, like a `/veo`. Each submitted modal is one extension.
 */
export class ExtendVideo {
  private readonly limit: PerUserLimit;

  constructor(private readonly deps: ExtendVideoDeps) {
    this.limit = new PerUserLimit({ ...deps, limit: deps.perUserDailyLimit });
  }

  /**
   * The owner and video checks of {@link execute}, read-only and with the same wording, so a
   * button can refuse before asking for a prompt. Not an authority: `execute` checks again.
   */
  async check(input: ExtendCheckInput): Promise<ExtendCheck> {
    try {
      const original = await this.deps.repo.get(input.requestId);
      return refusedFor(original, input.userId, this.deps.policy) ?? { ok: true };
    } catch (error) {
      this.deps.logger.warn('Extend check failed', { request_id: input.requestId, user_id: input.userId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }

  async execute(input: ExtendInput): Promise<AgainResult> {
    try {
      return await this.make(input);
    } catch (error) {
      this.deps.logger.error('Extend failed', { request_id: input.requestId, user_id: input.userId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }

  private async make(input: ExtendInput): Promise<AgainResult> {
    const { repo, clock, policy } = this.deps;
    const original = await repo.get(input.requestId);
    const refused = refusedFor(original, input.userId, policy);
    if (refused || !original) return refused ?? { ok: false, reason: 'not-found', message: GONE };
    const checked = validateGenerationOptions({
      prompt: input.prompt, negativePrompt: input.negativePrompt ?? null, model: original.model, aspectRatio: original.aspectRatio,
      resolution: original.resolution, generateAudio: original.generateAudio, sourceVideoUri: original.videoUrls[0],
    }, policy);
    if (!checked.ok) return { ok: false, reason: 'not-retryable', message: checked.issues.map((i) => i.message).join('\n') };
    const now = clock.now();
    const admitted = await admitFollowUp(this.deps, this.limit, input, original, checked.value, { extendsId: original.id, sourceSeconds: videoSeconds(original) }, now);
    if (!admitted.ok) return admitted;
    const letGo = this.deps.scheduler.expect(admitted.draft.id);
    try {
      const stored = await this.deps.spend.store(admitted.draft, now);
      if (!stored.ok) return stored;
      const request = stored.result.request;
      this.deps.logger.info('Extension created', { request_id: request.id, extends_id: original.id, user_id: original.userId, source_seconds: request.sourceSeconds });
      return await queueFollowUp(this.deps, request, null);
    } finally {
      letGo();
    }
  }
}
