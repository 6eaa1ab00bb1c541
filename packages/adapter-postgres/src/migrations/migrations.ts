import { CREATE_CLAIM_INDEXES_SQL } from './claim-indexes-migration.js';
import { PRIVACY_SQL } from './privacy-migration.js';
import { CREATE_REQUEST_IMAGES_SQL } from './request-images-migration.js';
import { CREATE_GUILD_SETTINGS_SQL } from './guild-settings-migration.js';
import { CANCELLED_STATUS_SQL, PERSON_GENERATION_SQL } from './person-generation-migration.js';
import { EXTEND_SQL } from './extend-migration.js';

/** One schema change, applied once, in version order, inside a transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const createVideoRequests = `
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
`;

// UNLOGGED: admissions only matter for a minute, so they skip the WAL (cheaper commits); after
// a server crash the table comes back empty, which costs at most one extra burst of calls.
const createQuotaState = `
CREATE UNLOGGED TABLE vertex_quota_state (
  kind          text PRIMARY KEY CONSTRAINT vertex_quota_state_kind_check CHECK (kind IN ('start', 'poll')),
  -- Admission times of the last window and reservations ahead, oldest first.
  recent        timestamptz[] NOT NULL DEFAULT '{}',
  blocked_until timestamptz,
  last_admit    timestamptz
);
`;

// Spend control (issue 11). A row is its own reservation: estimated_cost_usd counts while it
// runs, final_cost_usd once it ends. Rows from before this migration are priced with the list
// prices of 2025-09-09 so history does not read as free.
const addSpendControl = `
ALTER TABLE video_requests
  ADD COLUMN estimated_cost_usd numeric(12, 4) NOT NULL DEFAULT 0
    CONSTRAINT video_requests_estimated_cost_check CHECK (estimated_cost_usd >= 0),
  ADD COLUMN final_cost_usd numeric(12, 4)
    CONSTRAINT video_requests_final_cost_check CHECK (final_cost_usd >= 0);

UPDATE video_requests SET estimated_cost_usd = duration_seconds * CASE
    WHEN model LIKE 'veo-2.%' THEN 0.50
    WHEN model LIKE '%fast%' THEN CASE WHEN generate_audio THEN 0.15 ELSE 0.10 END
    ELSE CASE WHEN generate_audio THEN 0.40 ELSE 0.20 END END;
UPDATE video_requests SET final_cost_usd = CASE
    WHEN status = 'completed' OR operation_name IS NOT NULL OR attempts > 0 THEN estimated_cost_usd ELSE 0 END
  WHERE status IN ('completed', 'failed', 'timeout');

-- Budget checks and guild statistics sum spend from the index alone.
DROP INDEX video_requests_guild_created_idx;
CREATE INDEX video_requests_guild_created_idx ON video_requests (guild_id, created_at)
  INCLUDE (status, duration_ms, user_id, estimated_cost_usd, final_cost_usd);
DROP INDEX video_requests_created_idx;
CREATE INDEX video_requests_created_idx ON video_requests (created_at)
  INCLUDE (status, duration_ms, model, estimated_cost_usd, final_cost_usd);

-- Lock + spend + caps for one reservation, called inside the INSERT that makes it. VOLATILE:
-- each statement takes a fresh snapshot after the lock is held, so it sees every reservation
-- committed by the previous holder; the transaction-scoped lock lasts until the INSERT commits.
CREATE FUNCTION veo_budget_check(p_guild text, p_user text, p_day timestamptz, p_next_day timestamptz,
    p_month timestamptz, p_next_month timestamptz, p_daily numeric, p_monthly numeric, p_user_daily numeric, p_estimate numeric)
  RETURNS TABLE (fits boolean, guild_day float8, guild_month float8, user_day float8,
    daily_cap_usd float8, monthly_cap_usd float8, user_daily_cap_usd float8)
  LANGUAGE plpgsql VOLATILE AS $fn$
DECLARE gd numeric := 0; gm numeric := 0; ud numeric := 0; cd numeric; cm numeric; cu numeric := p_user_daily;
BEGIN
  IF p_guild IS NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('veo-budget:user:' || p_user, 0));
    SELECT coalesce(sum(coalesce(final_cost_usd, estimated_cost_usd)), 0) INTO ud FROM video_requests
      WHERE guild_id IS NULL AND user_id = p_user AND created_at >= p_day AND created_at < p_next_day;
  ELSE
    PERFORM pg_advisory_xact_lock(hashtextextended('veo-budget:guild:' || p_guild, 0));
    SELECT coalesce(sum(coalesce(final_cost_usd, estimated_cost_usd)) FILTER (WHERE created_at >= p_day AND created_at < p_next_day), 0),
           coalesce(sum(coalesce(final_cost_usd, estimated_cost_usd)), 0),
           coalesce(sum(coalesce(final_cost_usd, estimated_cost_usd)) FILTER (WHERE created_at >= p_day AND created_at < p_next_day AND user_id = p_user), 0)
      INTO gd, gm, ud FROM video_requests WHERE guild_id = p_guild AND created_at >= p_month AND created_at < p_next_month;
    cd := p_daily; cm := p_monthly;
    SELECT coalesce(b.daily_cap_usd, p_daily), coalesce(b.monthly_cap_usd, p_monthly), coalesce(b.user_daily_cap_usd, p_user_daily)
      INTO cd, cm, cu FROM guild_budgets b WHERE b.guild_id = p_guild;
    IF NOT FOUND THEN cd := p_daily; cm := p_monthly; cu := p_user_daily; END IF;
  END IF;
  RETURN QUERY SELECT (cd IS NULL OR gd + p_estimate <= cd) AND (cm IS NULL OR gm + p_estimate <= cm) AND (cu IS NULL OR ud + p_estimate <= cu),
    gd::float8, gm::float8, ud::float8, cd::float8, cm::float8, cu::float8;
END
$fn$;

CREATE TABLE guild_budgets (
  guild_id           text PRIMARY KEY,
  daily_cap_usd      numeric(12, 2) CONSTRAINT guild_budgets_daily_check CHECK (daily_cap_usd BETWEEN 0 AND 100000),
  monthly_cap_usd    numeric(12, 2) CONSTRAINT guild_budgets_monthly_check CHECK (monthly_cap_usd BETWEEN 0 AND 100000),
  user_daily_cap_usd numeric(12, 2) CONSTRAINT guild_budgets_user_daily_check CHECK (user_daily_cap_usd BETWEEN 0 AND 100000),
  updated_by         text NOT NULL,
  updated_at         timestamptz NOT NULL
);
`;

/** Every migration this version of the adapter knows, oldest first. Never edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'create video_requests', sql: createVideoRequests },
  { version: 2, name: 'create vertex quota state', sql: createQuotaState },
  { version: 3, name: 'spend control: request costs and guild budgets', sql: addSpendControl },
  { version: 4, name: 'request images and the ETA history index', sql: CREATE_REQUEST_IMAGES_SQL },
  { version: 5, name: 'claim indexes: free rows, leases by owner and by end', sql: CREATE_CLAIM_INDEXES_SQL },
  { version: 6, name: 'per-server settings and their audit log', sql: CREATE_GUILD_SETTINGS_SQL },
  { version: 7, name: 'privacy: storage purges and forgotten users', sql: PRIVACY_SQL },
  { version: 8, name: 'personGeneration per request and per server', sql: PERSON_GENERATION_SQL },
  { version: 9, name: 'cancelled: a terminal status for requests stopped before Google saw them', sql: CANCELLED_STATUS_SQL },
  { version: 10, name: 'extend: requests that continue the video of another', sql: EXTEND_SQL },
];
