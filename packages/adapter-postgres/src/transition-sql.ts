import { allowedSources, isTerminal, type StatusChange } from '@veo-bot/core';

/** The guarded UPDATE for one status change, and its parameters. */
export interface GuardedUpdate {
  readonly text: string;
  readonly params: unknown[];
}

/**
 * Builds `UPDATE … WHERE id = $1 AND status = ANY($allowed)`: the row moves only if it is
 * still in a status `change.to` may be reached from, so of two racing writers one wins and
 * the other updates nothing. Column values in SET refer to the row before the update.
 */
export function guardedTransition(id: string, change: StatusChange): GuardedUpdate {
  const params: unknown[] = [id, allowedSources(change.to), change.to, change.at];
  const set = ['status = $3', 'updated_at = $4'];
  const param = (value: unknown) => `$${params.push(value)}`;
  if (change.to === 'generating') {
    set.push('started_at = $4');
    if (change.operationName !== undefined) set.push(`operation_name = ${param(change.operationName)}`);
    if (change.gcsPrefix !== undefined) set.push(`gcs_prefix = ${param(change.gcsPrefix)}`);
  }
  if (isTerminal(change.to)) {
    set.push(
      'completed_at = $4',
      'duration_ms = CASE WHEN started_at IS NULL THEN NULL ELSE round(extract(epoch FROM ($4::timestamptz - started_at)) * 1000)::bigint END',
    );
    if (change.videoUrls !== undefined) set.push(`video_urls = ${param([...change.videoUrls])}::text[]`);
    if (change.errorMessage !== undefined) set.push(`error_message = ${param(change.errorMessage)}`);
    // Mirrors core's defaultFinalCost: the estimate if Google accepted (or may have accepted) it, else 0.
    set.push(change.finalCostUsd !== undefined
      ? `final_cost_usd = ${param(change.finalCostUsd)}::numeric`
      : `final_cost_usd = CASE WHEN $3 = 'completed' OR operation_name IS NOT NULL OR attempts > 0 THEN estimated_cost_usd ELSE 0 END`);
  }
  return {
    text: `UPDATE video_requests SET ${set.join(', ')} WHERE id = $1 AND status = ANY($2::text[]) RETURNING *`,
    params,
  };
}
