import { retiredModel } from '../domain/models.js';
import { isTerminal } from '../domain/status.js';
import { type VideoRequest, ageMinutes, interactionUsable } from '../domain/video-request.js';

/** What resume will do with one request. */
export type ResumeAction =
  /** Pending for more than 24 h: mark timeout "Request expired (>24 hours old)". */
  | 'expire'
  /** Pending, never sent, with a model Google retired: fail it naming the model (Retry uses the replacement). */
  | 'retired'
  /** Pending and never sent to Vertex: start it now. */
  | 'start'
  /** Pending, but a start may have reached Vertex: watch its output prefix instead of paying twice. */
  | 'recover'
  /** Generating: poll the stored operation (regardless of age). */
  | 'poll'
  /** Finished but the user was never told: send the lost notification. */
  | 'notify';

/** One line of the plan (what `veo-bot resume --dry-run` prints). */
export interface ResumePlanItem {
  readonly request: VideoRequest;
  readonly action: ResumeAction;
  /** How the user will be answered: through the original interaction or a channel post. */
  readonly route: 'interaction' | 'channel';
  readonly ageMinutes: number;
  /** Leased by another live instance until then: that instance keeps it, this run skips it. */
  readonly heldBy?: { readonly owner: string; readonly until: Date };
}

/** The whole plan, in processing order (oldest first). */
export interface ResumePlan {
  readonly items: readonly ResumePlanItem[];
  readonly pendingCount: number;
  readonly generatingCount: number;
  readonly unnotifiedCount: number;
}

/** Pending requests older than this are expired instead of resumed (RES-6). */
export const MAX_PENDING_AGE_MS = 24 * 60 * 60_000;

/**
 * Classifies requests for resume. Pure: same input, same plan, no I/O. `liveOwners`: workers
 * known alive, whose unexpired leases stand (their rows are marked `heldBy`).
 */
export function planResume(requests: readonly VideoRequest[], now: Date, maxPendingAgeMs = MAX_PENDING_AGE_MS, liveOwners: ReadonlySet<string> = new Set()): ResumePlan {
  const sorted = [...requests].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const items = sorted.map((request): ResumePlanItem => {
    const route = interactionUsable(request, now) ? 'interaction' : 'channel';
    const age = ageMinutes(request, now);
    const held = request.leaseOwner !== null && request.leaseUntil !== null && request.leaseUntil > now && liveOwners.has(request.leaseOwner);
    return { request, action: classify(request, now, maxPendingAgeMs), route, ageMinutes: age, ...(held ? { heldBy: { owner: request.leaseOwner as string, until: request.leaseUntil as Date } } : {}) };
  });
  return {
    items,
    pendingCount: requests.filter((r) => r.status === 'pending').length,
    generatingCount: requests.filter((r) => r.status === 'generating').length,
    unnotifiedCount: requests.filter((r) => isTerminal(r.status)).length,
  };
}

function classify(request: VideoRequest, now: Date, maxPendingAgeMs: number): ResumeAction {
  if (isTerminal(request.status)) return 'notify';
  if (request.status === 'generating') return request.operationName ? 'poll' : 'recover';
  // Before the age check: "retired" tells the user more than "expired", and neither was sent.
  if (request.attempts === 0 && retiredModel(request.model)) return 'retired';
  if (now.getTime() - request.createdAt.getTime() > maxPendingAgeMs) return 'expire';
  return request.attempts > 0 ? 'recover' : 'start';
}
