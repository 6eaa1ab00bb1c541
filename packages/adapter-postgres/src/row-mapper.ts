import type { AspectRatio, NotifyOutcome, PersonGeneration, RequestStatus, Resolution, VideoRequest } from '@veo-bot/core';

/** A `video_requests` row as `pg` returns it (bigint columns arrive as strings). */
export interface VideoRequestRow {
  id: string;
  /** NULL (with channel_id and prompt) once the user was forgotten. */
  user_id: string | null;
  guild_id: string | null;
  channel_id: string | null;
  prompt: string | null;
  model: string;
  duration_seconds: number;
  aspect_ratio: string;
  resolution: string;
  generate_audio: boolean;
  negative_prompt: string | null;
  seed: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
  operation_name: string | null;
  started_at: Date | null;
  gcs_prefix: string | null;
  video_urls: string[];
  completed_at: Date | null;
  duration_ms: string | null;
  error_message: string | null;
  interaction_application_id: string | null;
  interaction_id: string | null;
  interaction_token: string | null;
  retry_of: string | null;
  attempts: number;
  lease_owner: string | null;
  lease_until: Date | null;
  notified_at: Date | null;
  notify_outcome: string | null;
  /** numeric columns arrive as strings. */
  estimated_cost_usd: string;
  final_cost_usd: string | null;
  /** Migration 8; NULL: not sent (Google's default). */
  person_generation: string | null;
  /** Migration 10 (Extend). */
  extends_id: string | null;
  source_video_uri: string | null;
  source_seconds: number | null;
}

/** Columns in insert order; `requestToParams` yields values in the same order. */
export const COLUMNS = [
  'id', 'user_id', 'guild_id', 'channel_id', 'prompt', 'model', 'duration_seconds', 'aspect_ratio', 'resolution',
  'generate_audio', 'negative_prompt', 'seed', 'status', 'created_at', 'updated_at', 'operation_name', 'started_at',
  'gcs_prefix', 'video_urls', 'completed_at', 'duration_ms', 'error_message', 'interaction_application_id',
  'interaction_id', 'interaction_token', 'retry_of', 'attempts', 'lease_owner', 'lease_until', 'notified_at', 'notify_outcome',
  'estimated_cost_usd', 'final_cost_usd', 'person_generation', 'extends_id', 'source_video_uri', 'source_seconds',
] as const;

/** SQL type of each column, for statements where a parameter's type cannot be inferred. */
export const COLUMN_TYPES: Readonly<Record<(typeof COLUMNS)[number], string>> = {
  id: 'uuid', user_id: 'text', guild_id: 'text', channel_id: 'text', prompt: 'text', model: 'text', duration_seconds: 'integer',
  aspect_ratio: 'text', resolution: 'text', generate_audio: 'boolean', negative_prompt: 'text', seed: 'bigint', status: 'text',
  created_at: 'timestamptz', updated_at: 'timestamptz', operation_name: 'text', started_at: 'timestamptz', gcs_prefix: 'text',
  video_urls: 'text[]', completed_at: 'timestamptz', duration_ms: 'bigint', error_message: 'text', interaction_application_id: 'text',
  interaction_id: 'text', interaction_token: 'text', retry_of: 'uuid', attempts: 'integer', lease_owner: 'text', lease_until: 'timestamptz',
  notified_at: 'timestamptz', notify_outcome: 'text', estimated_cost_usd: 'numeric', final_cost_usd: 'numeric',
  person_generation: 'text', extends_id: 'uuid', source_video_uri: 'text', source_seconds: 'integer',
};

/** Idempotent insert of one request; returns the row only when this call inserted it. */
export const INSERT_REQUEST_SQL = `INSERT INTO video_requests (${COLUMNS.join(', ')})
  VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING RETURNING *`;

const toNumber = (value: string | null): number | null => (value === null ? null : Number(value));

/** Maps a row to core's VideoRequest (every field, nothing more). */
export function rowToRequest(row: VideoRequestRow): VideoRequest {
  return {
    id: row.id,
    // A forgotten user's row: core reads the erased fields as empty strings.
    userId: row.user_id ?? '',
    guildId: row.guild_id,
    channelId: row.channel_id ?? '',
    prompt: row.prompt ?? '',
    model: row.model,
    durationSeconds: row.duration_seconds,
    aspectRatio: row.aspect_ratio as AspectRatio,
    resolution: row.resolution as Resolution,
    generateAudio: row.generate_audio,
    negativePrompt: row.negative_prompt,
    seed: toNumber(row.seed),
    personGeneration: row.person_generation as PersonGeneration | null,
    sourceVideoUri: row.source_video_uri,
    extendsId: row.extends_id,
    sourceSeconds: row.source_seconds,
    status: row.status as RequestStatus,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    operationName: row.operation_name,
    startedAt: row.started_at,
    gcsPrefix: row.gcs_prefix,
    videoUrls: row.video_urls,
    completedAt: row.completed_at,
    durationMs: toNumber(row.duration_ms),
    errorMessage: row.error_message,
    interaction:
      row.interaction_application_id !== null && row.interaction_id !== null && row.interaction_token !== null
        ? { applicationId: row.interaction_application_id, interactionId: row.interaction_id, token: row.interaction_token }
        : null,
    retryOf: row.retry_of,
    attempts: row.attempts,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    notifiedAt: row.notified_at,
    notifyOutcome: row.notify_outcome as NotifyOutcome | null,
    estimatedCostUsd: Number(row.estimated_cost_usd),
    finalCostUsd: toNumber(row.final_cost_usd),
  };
}

/** Values of a request for an INSERT, in {@link COLUMNS} order. */
export function requestToParams(r: VideoRequest): unknown[] {
  return [
    r.id, r.userId, r.guildId, r.channelId, r.prompt, r.model, r.durationSeconds, r.aspectRatio, r.resolution,
    r.generateAudio, r.negativePrompt, r.seed, r.status, r.createdAt, r.updatedAt, r.operationName, r.startedAt,
    r.gcsPrefix, [...r.videoUrls], r.completedAt, r.durationMs, r.errorMessage, r.interaction?.applicationId ?? null,
    r.interaction?.interactionId ?? null, r.interaction?.token ?? null, r.retryOf, r.attempts, r.leaseOwner,
    r.leaseUntil, r.notifiedAt, r.notifyOutcome, r.estimatedCostUsd, r.finalCostUsd,
    r.personGeneration, r.extendsId, r.sourceVideoUri, r.sourceSeconds,
  ];
}
