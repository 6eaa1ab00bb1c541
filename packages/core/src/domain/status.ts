import { InvalidTransitionError } from './errors.js';

/** Lifecycle of a video request (TRK-6 plus the moves resume needs, see DESIGN.md). */
export type RequestStatus = 'pending' | 'generating' | 'completed' | 'failed' | 'timeout' | 'cancelled';

/** Every status, in lifecycle order. */
export const REQUEST_STATUSES: readonly RequestStatus[] = ['pending', 'generating', 'completed', 'failed', 'timeout', 'cancelled'];

/** Statuses a request never leaves. */
export const TERMINAL_STATUSES: readonly RequestStatus[] = ['completed', 'failed', 'timeout', 'cancelled'];

/** Statuses that still need work: what resume looks for. */
export const INCOMPLETE_STATUSES: readonly RequestStatus[] = ['pending', 'generating'];

const ALLOWED: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  // Cancelled: only while queued, never once a start may have reached Google (attempts = 0; the
  // repository's guarded cancel checks that in the same statement).
  pending: ['generating', 'failed', 'timeout', 'cancelled'],
  generating: ['completed', 'failed', 'timeout'],
  completed: [],
  failed: [],
  timeout: [],
  cancelled: [],
};

/** True for completed, failed, timeout and cancelled. */
export function isTerminal(status: RequestStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** The statuses from which `to` may be reached (used by guarded UPDATE … WHERE status = ANY(…)). */
export function allowedSources(to: RequestStatus): RequestStatus[] {
  return REQUEST_STATUSES.filter((from) => ALLOWED[from].includes(to));
}

/** Outcome of checking a move: apply it, or nothing to do because it is already there. */
export type TransitionCheck = 'apply' | 'noop';

/**
 * Checks `from → to` against the state machine.
 * Same status is an idempotent no-op; a forbidden move throws {@link InvalidTransitionError}.
 */
export function checkTransition(requestId: string, from: RequestStatus, to: RequestStatus): TransitionCheck {
  if (from === to) return 'noop';
  if (ALLOWED[from].includes(to)) return 'apply';
  throw new InvalidTransitionError(requestId, from, to);
}
