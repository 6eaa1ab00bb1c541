import { describeError } from '../domain/errors.js';
import { FollowUpRequests, type FollowUpDeps } from '../services/follow-up-requests.js';
import { PerUserLimit } from '../services/per-user-limit.js';
import type { AgainInput, AgainResult } from './results.js';

/** Dependencies of {@link RequestAgain}. */
export interface RequestAgainDeps extends FollowUpDeps {
  /** Requests per user per rolling 24 h (as for `/veo`); 0 = no limit. */
  readonly perUserDailyLimit: number;
}

const UNAVAILABLE = 'Making this video again is temporarily unavailable. Please try again in a minute, or use `/veo`.';

/**
 * The Again button on a delivered video: a NEW request with the same parameters (but not the
 * seed: a new take, since a fixed seed would make — and bill — the same video again) and the same
 * first-frame image, linked to the original through `retry_of` (one column for "made from":
 * a retry of a failure or an Again of a video — a request ends either way, so it never needs
 * both). Owner only; a second click answers with the first (retry_of is unique, nothing reserved
 * twice); counted against the per-user limit and reserved under the budgets like a `/veo`.
 */
export class RequestAgain {
  private readonly followUps: FollowUpRequests;

  constructor(private readonly deps: RequestAgainDeps) {
    this.followUps = new FollowUpRequests(deps, {
      from: ['completed'],
      notOwner: (owner) => `Only <@${owner}> can make this video again. Use \`/veo\` to make your own.`,
      notAllowed: (status) => `This request is ${status}; only a delivered video can be made again.`,
      created: 'Again created',
      newTake: true,
      limit: new PerUserLimit({ ...deps, limit: deps.perUserDailyLimit }),
    });
  }

  async execute(input: AgainInput): Promise<AgainResult> {
    try {
      return await this.followUps.make(input);
    } catch (error) {
      this.deps.logger.error('Again failed', { request_id: input.requestId, user_id: input.userId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }
}
