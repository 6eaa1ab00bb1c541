-- per-server settings and their audit log
-- Migration 6: per-server settings (`/veo-settings`) and their audit log. Lists are arrays, so
-- one row holds a server's whole policy and one read answers every `/veo` of that server.

CREATE TABLE guild_settings (
  guild_id             text PRIMARY KEY,
  allowed_channels     text[] NOT NULL DEFAULT '{}' CONSTRAINT guild_settings_channels_check CHECK (cardinality(allowed_channels) <= 100),
  nsfw_only            boolean NOT NULL DEFAULT false,
  per_user_daily_limit integer CONSTRAINT guild_settings_limit_check CHECK (per_user_daily_limit BETWEEN 0 AND 1000),
  exempt_role_id       text,
  allowed_models       text[] NOT NULL DEFAULT '{}',
  allowed_resolutions  text[] NOT NULL DEFAULT '{}' CONSTRAINT guild_settings_resolutions_check CHECK (allowed_resolutions <@ ARRAY['720p', '1080p']),
  allowed_durations    integer[] NOT NULL DEFAULT '{}',
  blocked_words        text[] NOT NULL DEFAULT '{}' CONSTRAINT guild_settings_words_check CHECK (cardinality(blocked_words) <= 500),
  blocked_patterns     text[] NOT NULL DEFAULT '{}' CONSTRAINT guild_settings_patterns_check CHECK (cardinality(blocked_patterns) <= 20),
  updated_by           text NOT NULL,
  updated_at           timestamptz NOT NULL
);

CREATE TABLE guild_settings_audit (
  id         bigserial PRIMARY KEY,
  guild_id   text NOT NULL,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL,
  change     jsonb NOT NULL
);
CREATE INDEX guild_settings_audit_guild_idx ON guild_settings_audit (guild_id, changed_at DESC, id DESC);
