/**
 * Migration 8: Vertex's `personGeneration` safety setting (issue 18). Each request stores the
 * value it is sent with (NULL: not sent, Google's default), so a restart, Retry or Again sends
 * what was decided at submit; each server may choose a value within the operator's.
 */
export const PERSON_GENERATION_SQL = `
ALTER TABLE video_requests
  ADD COLUMN person_generation text
    CONSTRAINT video_requests_person_generation_check CHECK (person_generation IN ('dont_allow', 'allow_adult', 'allow_all'));

ALTER TABLE guild_settings
  ADD COLUMN person_generation text
    CONSTRAINT guild_settings_person_generation_check CHECK (person_generation IN ('dont_allow', 'allow_adult', 'allow_all'));
`;

/**
 * Migration 9: the terminal status `cancelled` (issue 19): a request its owner or a server
 * manager cancelled while it was queued, never sent to Google, cost 0.
 */
export const CANCELLED_STATUS_SQL = `
ALTER TABLE video_requests DROP CONSTRAINT video_requests_status_check;
ALTER TABLE video_requests ADD CONSTRAINT video_requests_status_check
  CHECK (status IN ('pending', 'generating', 'completed', 'failed', 'timeout', 'cancelled'));
ALTER TABLE video_requests ADD CONSTRAINT video_requests_cancelled_never_started
  CHECK (status <> 'cancelled' OR (attempts = 0 AND operation_name IS NULL AND final_cost_usd = 0));
`;
