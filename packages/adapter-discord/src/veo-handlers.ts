import type { Logger, ModelPolicy, RetryInput, RetryResult, SubmitInput, SubmitResult } from '@veo-bot/core';

/** What the bot calls; the composition root wires them to core's use cases. */
export interface VeoHandlers {
  /** A `/veo` command (core SubmitVideoRequest). */
  submit(input: SubmitInput): Promise<SubmitResult>;
  /** A Retry click (core RetryFailedRequest). */
  retry(input: RetryInput): Promise<RetryResult>;
}

/** What the interaction handlers share. */
export interface HandlerDeps {
  readonly handlers: VeoHandlers;
  readonly policy: ModelPolicy;
  readonly logger: Logger;
}
