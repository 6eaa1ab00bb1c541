-- privacy: storage purges and forgotten users
-- Migration 7: erasure (issue 18, privacy).
-- `storage_purges` lists Cloud Storage objects whose request rows were deleted (retention) or
-- erased (`forget`). Each entry is written in the same statement that deletes or erases the
-- row, so a crash can never leave an object nobody knows about; the purge sweep deletes the
-- objects and only then drops the entry, so a sweep that dies halfway is simply run again.
-- `recheck_until`: a request forgotten while it was rendering may still get its video written
-- by Google after the first sweep, so its folder is swept again until then.
-- A forgotten user's rows stay as anonymous ledger entries — guild, model, options, times and
-- cost, so budgets and spend reports stay right — with every field that identifies or was
-- written by the user (user, channel, prompt, negative prompt, seed, interaction token,
-- error, operation, video locations) set to NULL; `forgotten_at` says when.
-- `guild_budgets.updated_by` may be NULL for the same reason.

CREATE TABLE storage_purges (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id    uuid NOT NULL,
  gcs_prefix    text,
  video_urls    text[] NOT NULL DEFAULT '{}',
  queued_at     timestamptz NOT NULL,
  recheck_until timestamptz,
  attempts      integer NOT NULL DEFAULT 0 CONSTRAINT storage_purges_attempts_check CHECK (attempts >= 0)
);

ALTER TABLE video_requests
  ADD COLUMN forgotten_at timestamptz,
  ALTER COLUMN user_id DROP NOT NULL,
  ALTER COLUMN channel_id DROP NOT NULL,
  ALTER COLUMN prompt DROP NOT NULL,
  ADD CONSTRAINT video_requests_identity_unless_forgotten
    CHECK (forgotten_at IS NOT NULL OR num_nulls(user_id, channel_id, prompt) = 0);

ALTER TABLE guild_budgets ALTER COLUMN updated_by DROP NOT NULL;
