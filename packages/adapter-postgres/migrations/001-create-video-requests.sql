-- create video_requests
CREATE TABLE video_requests (
  id                         uuid PRIMARY KEY,
  user_id                    text NOT NULL,
  guild_id                   text,
  channel_id                 text NOT NULL,
  prompt                     text NOT NULL CONSTRAINT video_requests_prompt_not_empty CHECK (btrim(prompt) <> ''),
  model                      text NOT NULL CONSTRAINT video_requests_model_not_empty CHECK (model <> ''),
  duration_seconds           integer NOT NULL CONSTRAINT video_requests_duration_positive CHECK (duration_seconds > 0),
  aspect_ratio               text NOT NULL CONSTRAINT video_requests_aspect_ratio_check CHECK (aspect_ratio IN ('16:9', '9:16')),
  resolution                 text NOT NULL CONSTRAINT video_requests_resolution_check CHECK (resolution IN ('720p', '1080p')),
  generate_audio             boolean NOT NULL,
  negative_prompt            text,
  seed                       bigint CONSTRAINT video_requests_seed_range CHECK (seed BETWEEN 0 AND 4294967295),
  status                     text NOT NULL DEFAULT 'pending'
                             CONSTRAINT video_requests_status_check CHECK (status IN ('pending', 'generating', 'completed', 'failed', 'timeout')),
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  operation_name             text,
  started_at                 timestamptz,
  gcs_prefix                 text,
  video_urls                 text[] NOT NULL DEFAULT '{}',
  completed_at               timestamptz,
  duration_ms                bigint,
  error_message              text,
  interaction_application_id text,
  interaction_id             text,
  interaction_token          text,
  retry_of                   uuid UNIQUE REFERENCES video_requests (id) ON DELETE SET NULL,
  attempts                   integer NOT NULL DEFAULT 0 CONSTRAINT video_requests_attempts_check CHECK (attempts >= 0),
  lease_owner                text,
  lease_until                timestamptz,
  notified_at                timestamptz,
  notify_outcome             text CONSTRAINT video_requests_notify_outcome_check CHECK (notify_outcome IN ('delivered', 'undeliverable')),
  CONSTRAINT video_requests_interaction_complete CHECK (
    num_nulls(interaction_application_id, interaction_id, interaction_token) IN (0, 3)),
  CONSTRAINT video_requests_lease_complete CHECK ((lease_owner IS NULL) = (lease_until IS NULL)),
  CONSTRAINT video_requests_notify_complete CHECK ((notified_at IS NULL) = (notify_outcome IS NULL)),
  CONSTRAINT video_requests_not_own_retry CHECK (retry_of <> id)
);

-- Resume (findIncomplete) and the scheduler's claim loop: only the few unfinished rows.
CREATE INDEX video_requests_incomplete_idx ON video_requests (created_at)
  WHERE status IN ('pending', 'generating');
-- Lost notifications (findUnnotified): finished rows nobody was told about.
CREATE INDEX video_requests_unnotified_idx ON video_requests (created_at)
  WHERE notified_at IS NULL AND status IN ('completed', 'failed', 'timeout');
-- User history pages and the per-user rate limit.
CREATE INDEX video_requests_user_created_idx ON video_requests (user_id, created_at DESC);
-- Guild statistics; the INCLUDEd columns let counts and durations come from the index alone.
CREATE INDEX video_requests_guild_created_idx ON video_requests (guild_id, created_at)
  INCLUDE (status, duration_ms, user_id);
-- Dashboard (last 24 h) and retention cleanup, index-only for the dashboard.
CREATE INDEX video_requests_created_idx ON video_requests (created_at) INCLUDE (status, duration_ms);
