import { describeError } from '../domain/errors.js';
import { FollowUpRequests, type FollowUpDeps } from '../services/follow-up-requests.js';
import type { RetryInput, RetryResult } from './results.js';

/** Dependencies of {@link RetryFailedRequest}. */
export type RetryFailedRequestDeps = FollowUpDeps;

const UNAVAILABLE = 'Retrying is temporarily unavailable. Please try again in a minute, or use `/veo` again.';

/**
 * The Retry button (RTY-2). A terminal row is never reopened: the retry is a NEW request
 * with `retry_of` set (and the same first-frame image), only the owner may ask, and a second
 * click finds the first retry (no second reservation). The retry is a new generation: its
 * estimate is reserved under the caps. It replaces a failure, so it is not counted against the
 * per-user limit (failed requests are not either).
 */
export class RetryFailedRequest {
  private readonly followUps: FollowUpRequests;

  constructor(private readonly deps: RetryFailedRequestDeps) {
    this.followUps = new FollowUpRequests(deps, {
      from: ['failed', 'timeout'],
      notOwner: (owner) => `Only <@${owner}> can retry this request. Use \`/veo\` to make your own.`,
      notAllowed: (status) => `This request is ${status}; only failed or timed-out requests can be retried.`,
      created: 'Retry created',
    });
  }

  async execute(input: RetryInput): Promise<RetryResult> {
    try {
      // Without a per-user limit, a follow-up is never rate-limited.
      return (await this.followUps.make(input)) as RetryResult;
    } catch (error) {
      this.deps.logger.error('Retry failed', { request_id: input.requestId, user_id: input.userId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }
}
