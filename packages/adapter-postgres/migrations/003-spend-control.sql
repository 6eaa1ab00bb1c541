-- spend control: request costs and guild budgets
-- Spend control (issue 11). A row is its own reservation: estimated_cost_usd counts while it
-- runs, final_cost_usd once it ends. Rows from before this migration are priced with the list
-- prices of 2025-09-09 so history does not read as free.

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
