import { defaultFinalCost } from './budget.js';
import { isTerminal } from './status.js';
import type { VideoRequest } from './video-request.js';

/**
 * The anonymous ledger entry a forgotten user's request becomes at `at`: still in flight → failed,
 * announced (`undeliverable`) and unleased, so no instance runs or delivers it again; then
 * stripped of everything that identifies the user or that they wrote. What stays is what
 * budgets and spend reports need — guild, model, options, times, cost. The user, channel and
 * prompt read as empty strings (NULL in the database).
 */
export function forgottenRequest(request: VideoRequest, at: Date): VideoRequest {
  const cancelled = !isTerminal(request.status);
  return {
    ...request,
    status: cancelled ? 'failed' : request.status,
    completedAt: request.completedAt ?? at,
    finalCostUsd: request.finalCostUsd ?? defaultFinalCost(request, cancelled ? 'failed' : request.status),
    notifiedAt: request.notifiedAt ?? at,
    notifyOutcome: request.notifyOutcome ?? 'undeliverable',
    leaseOwner: null,
    leaseUntil: null,
    userId: '',
    channelId: '',
    prompt: '',
    negativePrompt: null,
    seed: null,
    sourceVideoUri: null,
    errorMessage: null,
    operationName: null,
    gcsPrefix: null,
    videoUrls: [],
    interaction: null,
    updatedAt: at,
  };
}
