import { describeError } from '../domain/errors.js';
import type { VideoRequest } from '../domain/video-request.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { RequestStore } from '../ports/request-repository.js';
import type { WorkScheduler } from '../scheduler/work-scheduler.js';
import type { UnstoredWrites } from '../services/unstored-writes.js';

/** A click on the Cancel button of a queued request's status message. */
export interface CancelInput {
  readonly requestId: string;
  /** Who clicked. */
  readonly userId: string;
  /** The server the click came from (null: a DM), and whether the clicker may manage it. */
  readonly guildId: string | null;
  readonly canManageGuild: boolean;
}

/** Outcome of a Cancel click; `already`: an earlier click cancelled it. */
export type CancelOutcome =
  | { readonly ok: true; readonly request: VideoRequest; readonly already: boolean }
  | { readonly ok: false; readonly reason: 'not-found' | 'not-owner' | 'started' | 'finished' | 'unavailable'; readonly message: string };

/** Why a request Google accepted cannot be cancelled (also in the README). */
export const CANCEL_TOO_LATE = 'Google has already accepted this video, so it can no longer be cancelled: Google bills an accepted generation whether or not we wait for it. It will be posted here when it is ready.';
const UNAVAILABLE = 'Cancelling is not possible right now (the database does not answer); nothing was changed. Please try again in a minute.';

/** Dependencies of {@link CancelRequest}. */
export interface CancelRequestDeps {
  readonly repo: RequestStore;
  readonly scheduler: WorkScheduler;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly unstored?: UnstoredWrites;
}

/**
 * Cancel while queued: the owner (or a member who can manage the request's server) stops a
 * request before it is sent to Google. The repository's guarded cancel decides against a start
 * on any instance; the one that won it also drops the job from this process's queue (another
 * instance's job finds the row cancelled when it tries to count its start, and stops).
 */
export class CancelRequest {
  constructor(private readonly deps: CancelRequestDeps) {}

  async execute(input: CancelInput): Promise<CancelOutcome> {
    const { repo, clock, logger } = this.deps;
    try {
      const request = await repo.get(input.requestId);
      if (!request) {
        if (this.deps.unstored?.peek(input.requestId)) return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
        return { ok: false, reason: 'not-found', message: 'That request no longer exists.' };
      }
      const manager = input.canManageGuild && request.guildId !== null && request.guildId === input.guildId;
      if (request.userId !== input.userId && !manager) {
        return { ok: false, reason: 'not-owner', message: `Only <@${request.userId}> or a server manager can cancel this video.` };
      }
      const result = request.status === 'pending' && request.attempts === 0 ? await repo.cancel(request.id, clock.now()) : { cancelled: false as const, request };
      if (result.cancelled) {
        this.deps.scheduler.cancel(request.id);
        logger.info('Request cancelled', { request_id: request.id, user_id: request.userId, cancelled_by: input.userId, by_manager: request.userId !== input.userId });
        return { ok: true, request: result.request, already: false };
      }
      return this.tooLate(result.request ?? request);
    } catch (error) {
      logger.warn('Cancel failed', { request_id: input.requestId, user_id: input.userId, ...describeError(error) });
      return { ok: false, reason: 'unavailable', message: UNAVAILABLE };
    }
  }

  private tooLate(current: VideoRequest): CancelOutcome {
    if (current.status === 'cancelled') return { ok: true, request: current, already: true };
    if (current.status === 'pending' || current.status === 'generating') return { ok: false, reason: 'started', message: CANCEL_TOO_LATE };
    return { ok: false, reason: 'finished', message: `This request has already ended (${current.status}); there is nothing to cancel.` };
  }
}
