import type { GenerationParams } from './generation-options.js';
import type { RequestStatus } from './status.js';

/**
 * What a later process needs to answer through the original Discord interaction:
 * the token stays valid for 15 minutes after the interaction was created.
 */
export interface InteractionContext {
  readonly applicationId: string;
  readonly interactionId: string;
  readonly token: string;
}

/** How the user heard (or could not hear) about a finished request. */
export type NotifyOutcome = 'delivered' | 'undeliverable';

/** One `/veo` request: the row of `video_requests` (TRK-1) plus what durability needs. */
export interface VideoRequest extends GenerationParams {
  readonly id: string;
  readonly userId: string;
  /** Null for direct messages. */
  readonly guildId: string | null;
  readonly channelId: string;
  readonly status: RequestStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly operationName: string | null;
  readonly startedAt: Date | null;
  readonly gcsPrefix: string | null;
  readonly videoUrls: readonly string[];
  readonly completedAt: Date | null;
  readonly durationMs: number | null;
  readonly errorMessage: string | null;
  readonly interaction: InteractionContext | null;
  /** The failed request this one retries (RTY-4); at most one retry per request. */
  readonly retryOf: string | null;
  /** How many times a Vertex start was attempted; > 0 with no operation name means "outcome unknown". */
  readonly attempts: number;
  readonly leaseOwner: string | null;
  readonly leaseUntil: Date | null;
  readonly notifiedAt: Date | null;
  readonly notifyOutcome: NotifyOutcome | null;
  /** USD this request was expected to cost when accepted (duration × price × samples); reserved against budgets. */
  readonly estimatedCostUsd: number;
  /** USD it cost once finished (0 when Google never billed it); null while it runs. */
  readonly finalCostUsd: number | null;
  /** Extend: the request whose video this one continues (null: a new video, or the original was deleted). */
  readonly extendsId: string | null;
  /** Extend: how long the continued video was (seconds); the result is this plus `durationSeconds`. */
  readonly sourceSeconds: number | null;
}

/** Fields a caller supplies to create a request; the rest start empty. */
export interface NewVideoRequest extends GenerationParams {
  readonly id: string;
  readonly userId: string;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly createdAt: Date;
  readonly interaction: InteractionContext | null;
  readonly retryOf?: string | null;
  /** Claim the new row for this worker straight away (the submitting instance runs it). */
  readonly leaseOwner?: string | null;
  readonly leaseUntil?: Date | null;
  /** The estimate recorded at acceptance (default 0). */
  readonly estimatedCostUsd?: number;
  /** Extend: the request continued, and its video's length. */
  readonly extendsId?: string | null;
  readonly sourceSeconds?: number | null;
}

/** Builds the full pending row for a new request. */
export function newPendingRequest(input: NewVideoRequest): VideoRequest {
  return {
    ...input,
    retryOf: input.retryOf ?? null,
    extendsId: input.extendsId ?? null,
    sourceSeconds: input.sourceSeconds ?? null,
    leaseOwner: input.leaseOwner ?? null,
    leaseUntil: input.leaseUntil ?? null,
    status: 'pending',
    updatedAt: input.createdAt,
    operationName: null,
    startedAt: null,
    gcsPrefix: null,
    videoUrls: [],
    completedAt: null,
    durationMs: null,
    errorMessage: null,
    attempts: 0,
    notifiedAt: null,
    notifyOutcome: null,
    estimatedCostUsd: input.estimatedCostUsd ?? 0,
    finalCostUsd: null,
  };
}

/** The generation parameters of a stored request (what a resume or retry re-sends). */
export function paramsOf(request: GenerationParams): GenerationParams {
  const { prompt, model, durationSeconds, aspectRatio, resolution, generateAudio, negativePrompt, seed, personGeneration, sourceVideoUri } = request;
  return { prompt, model, durationSeconds, aspectRatio, resolution, generateAudio, negativePrompt, seed, personGeneration: personGeneration ?? null, sourceVideoUri: sourceVideoUri ?? null };
}

/** Age in whole minutes at `now`. */
export function ageMinutes(request: Pick<VideoRequest, 'createdAt'>, now: Date): number {
  return Math.floor((now.getTime() - request.createdAt.getTime()) / 60_000);
}

/** Prompt cut for logs (TRK-15: first 50 characters only). */
export function promptForLog(prompt: string): string {
  return prompt.length <= 50 ? prompt : `${prompt.slice(0, 50)}…`;
}

/** Discord interaction tokens live 15 minutes; keep a margin so a reply is not cut off mid-send. */
export const INTERACTION_TOKEN_TTL_MS = 15 * 60_000;
const INTERACTION_SAFETY_MARGIN_MS = 30_000;

/** Whether the stored interaction token can still be used at `now`. */
export function interactionUsable(request: Pick<VideoRequest, 'interaction' | 'createdAt'>, now: Date): boolean {
  if (!request.interaction) return false;
  return now.getTime() - request.createdAt.getTime() < INTERACTION_TOKEN_TTL_MS - INTERACTION_SAFETY_MARGIN_MS;
}

/**
 * Whether Cloud Storage may hold objects of this request: it recorded a folder or videos, or a
 * start reached (or may have reached) Google, which writes into the request's own folder.
 */
export function mayHaveStoredObjects(request: Pick<VideoRequest, 'gcsPrefix' | 'videoUrls' | 'attempts' | 'operationName'>): boolean {
  return request.gcsPrefix !== null || request.videoUrls.length > 0 || request.attempts > 0 || request.operationName !== null;
}

/** How long the delivered video of `request` is: what it continued plus what it added. */
export function videoSeconds(request: Pick<VideoRequest, 'durationSeconds' | 'sourceSeconds'>): number {
  return (request.sourceSeconds ?? 0) + request.durationSeconds;
}
