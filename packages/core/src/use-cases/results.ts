import type { ValidationIssue } from '../domain/generation-options.js';
import type { InteractionContext, VideoRequest } from '../domain/video-request.js';
import type { RawGenerationOptions } from '../domain/generation-options.js';

/** A `/veo` as it arrives from a chat platform. */
export interface SubmitInput {
  readonly userId: string;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly options: RawGenerationOptions;
  readonly interaction: InteractionContext | null;
}

/** Outcome of a submit; refusals are values with a message for the user. */
export type SubmitResult =
  | {
      readonly ok: true;
      readonly request: VideoRequest;
      /** False when the database was down and the id is synthetic (seed 003). */
      readonly persisted: boolean;
      /** 1-based place in the queue when accepted. */
      readonly queuePosition: number;
    }
  | { readonly ok: false; readonly reason: 'invalid'; readonly issues: readonly ValidationIssue[]; readonly message: string }
  | { readonly ok: false; readonly reason: 'rate-limited'; readonly limit: number; readonly retryAt: Date; readonly message: string };

/** A click on the Retry button of a failed request (seed 004). */
export interface RetryInput {
  readonly requestId: string;
  /** Who clicked. */
  readonly userId: string;
  readonly channelId: string;
  readonly interaction: InteractionContext | null;
}

/** Outcome of a retry click. `created: false` means an earlier click already made the retry. */
export type RetryResult =
  | { readonly ok: true; readonly request: VideoRequest; readonly created: boolean; readonly queuePosition: number | null }
  | { readonly ok: false; readonly reason: 'not-found' | 'not-owner' | 'not-retryable' | 'unavailable'; readonly message: string };

/** How one request's processing ended. */
export type RunOutcome = 'completed' | 'failed' | 'timeout' | 'skipped';
