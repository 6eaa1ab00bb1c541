import type { GenerationParams } from '../domain/generation-options.js';
import type { RequestImages } from '../domain/request-images.js';

/** Why a Vertex call did not give an answer. */
export interface GeneratorError {
  /**
   * quota: 429, nothing started, safe to try again later. transient: 5xx / network before
   * the request was accepted, safe to try again. rejected: Vertex refused the input (4xx),
   * do not retry. unknown-outcome: the start may or may not have happened; never re-send.
   */
  readonly kind: 'quota' | 'transient' | 'rejected' | 'unknown-outcome';
  readonly message: string;
  readonly status?: number;
  readonly retryAfterMs?: number;
}

/** A video Veo produced, by its storage location. */
export interface GeneratedVideo {
  readonly uri: string;
  readonly mimeType: string;
}

/** Result of starting a generation. */
export type StartOutcome =
  | { readonly ok: true; readonly operationName: string }
  | { readonly ok: false; readonly error: GeneratorError };

/** State of a long-running operation. */
export type PollOutcome =
  | { readonly state: 'running' }
  | { readonly state: 'succeeded'; readonly videos: readonly GeneratedVideo[] }
  /** Vertex reports an error, or every video was removed by safety filters (`filtered`). */
  | { readonly state: 'failed'; readonly message: string; readonly filtered: boolean }
  /** The operation does not exist any more (404 / NOT_FOUND). */
  | { readonly state: 'expired' }
  /** The poll call itself failed; the operation's state is unknown, ask again later. */
  | { readonly state: 'error'; readonly error: GeneratorError };

/** Video generation on a remote model (Veo on Vertex AI in production). */
export interface VideoGenerator {
  /** Where the videos of `requestId` are written (one prefix per request, so outputs never mix). */
  outputPrefix(requestId: string): string;
  /**
   * Starts one generation writing under `outputPrefix(requestId)`, from `images` when given (a
   * first frame, a last frame with it, or reference images). Never retries a start itself.
   */
  start(requestId: string, params: GenerationParams, images?: RequestImages): Promise<StartOutcome>;
  /** Asks for the state of an operation by the name `start` returned, also from another process. */
  poll(operationName: string): Promise<PollOutcome>;
}
