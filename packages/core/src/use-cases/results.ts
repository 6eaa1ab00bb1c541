import type { BudgetCap } from '../domain/budget.js';
import type { ValidationIssue } from '../domain/generation-options.js';
import type { InteractionContext, VideoRequest } from '../domain/video-request.js';
import type { RawGenerationOptions } from '../domain/generation-options.js';
import type { Eta } from '../domain/eta.js';

/** A `/veo` as it arrives from a chat platform. */
export interface SubmitInput {
  readonly userId: string;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly options: RawGenerationOptions;
  readonly interaction: InteractionContext | null;
  /** Bytes of an image to start the video from (PNG, JPEG or WebP); core checks type, size and dimensions. */
  readonly image?: Uint8Array | null;
  /** Bytes of the last frame (needs `image`; checked the same way). */
  readonly lastImage?: Uint8Array | null;
  /** Bytes of "asset" reference images, in order (checked the same way; not with `image` or `lastImage`). */
  readonly referenceImages?: readonly Uint8Array[];
  /** Whether the channel is age-restricted (a server may allow `/veo` only there). */
  readonly channelNsfw?: boolean;
  /** The member's role ids (a server's role may be exempt from its per-member limit). */
  readonly memberRoleIds?: readonly string[];
}

/** The per-user daily limit is used up; `retryAt` is when the oldest counted request ages out. */
export interface RateLimited {
  readonly ok: false;
  readonly reason: 'rate-limited';
  readonly limit: number;
  readonly retryAt: Date;
  readonly message: string;
}

/** Outcome of a submit; refusals are values with a message for the user. */
export type SubmitResult =
  | {
      readonly ok: true;
      readonly request: VideoRequest;
      /** False when the database was down and the id is synthetic (DUR-16). */
      readonly persisted: boolean;
      /** 1-based place in the queue when accepted. */
      readonly queuePosition: number;
      /** When the video should be ready (`unknown` with too little history). */
      readonly eta: Eta;
    }
  | { readonly ok: false; readonly reason: 'invalid'; readonly issues: readonly ValidationIssue[]; readonly message: string }
  | RateLimited
  /** An image request while the database is down: its image cannot be made durable, so it is not accepted. */
  | { readonly ok: false; readonly reason: 'unavailable'; readonly message: string }
  /** A server's own rules (`/veo-settings`) refuse it: channel, model, resolution, duration, a blocked word. */
  | { readonly ok: false; readonly reason: 'not-allowed'; readonly message: string }
  | BudgetRefusal;

/**
 * A request refused by a spending cap before anything reached Google (`over-budget`: which cap,
 * what is left, `retryAt` = when it resets), or because the caps could not be checked while the
 * database is down (`budget-unavailable`: a cap that cannot be checked is never bypassed).
 */
export type BudgetRefusal =
  | {
      readonly ok: false;
      readonly reason: 'over-budget';
      readonly cap: BudgetCap;
      readonly limitUsd: number;
      readonly remainingUsd: number;
      readonly estimateUsd: number;
      /** When the cap resets: next UTC midnight, or the 1st of next month (UTC). */
      readonly retryAt: Date;
      readonly message: string;
    }
  | { readonly ok: false; readonly reason: 'budget-unavailable'; readonly retryAt: Date; readonly message: string };

/** A click on the Retry button of a failed request (RTY-2). */
export interface RetryInput {
  readonly requestId: string;
  /** Who clicked. */
  readonly userId: string;
  readonly channelId: string;
  readonly interaction: InteractionContext | null;
  /** As for `/veo` (see {@link SubmitInput}): for the server's rules. */
  readonly channelNsfw?: boolean;
  readonly memberRoleIds?: readonly string[];
}

/** Outcome of a retry click. `created: false` means an earlier click already made the retry. */
export type RetryResult =
  | {
      readonly ok: true; readonly request: VideoRequest; readonly created: boolean; readonly queuePosition: number | null; readonly eta?: Eta;
      /** Again only: the original's fixed seed, not reused (a new take, not the same video paid for twice). */
      readonly droppedSeed?: number;
    }
  | { readonly ok: false; readonly reason: 'not-found' | 'not-owner' | 'not-retryable' | 'unavailable' | 'not-allowed'; readonly message: string }
  | BudgetRefusal;

/** A click on the Again button of a delivered video: same fields as a Retry click. */
export type AgainInput = RetryInput;

/**
 * Outcome of an Again click: like a retry (`created: false` = an earlier click already made it;
 * `not-retryable` = the request has no finished video), plus the per-user limit, which Again counts.
 */
export type AgainResult = RetryResult | RateLimited;

export type { RunOutcome } from '../scheduler/run-outcome.js';
