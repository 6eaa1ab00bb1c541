-- cancelled: a terminal status for requests stopped before Google saw them
-- Migration 9: the terminal status `cancelled` (issue 19): a request its owner or a server
-- manager cancelled while it was queued, never sent to Google, cost 0.

ALTER TABLE video_requests DROP CONSTRAINT video_requests_status_check;
ALTER TABLE video_requests ADD CONSTRAINT video_requests_status_check
  CHECK (status IN ('pending', 'generating', 'completed', 'failed', 'timeout', 'cancelled'));
ALTER TABLE video_requests ADD CONSTRAINT video_requests_cancelled_never_started
  CHECK (status <> 'cancelled' OR (attempts = 0 AND operation_name IS NULL AND final_cost_usd = 0));
