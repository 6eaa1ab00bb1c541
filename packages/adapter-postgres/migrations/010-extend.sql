-- extend: requests that continue the video of another
-- Migration 10: Extend (issue 19). An extension is a request of its own that continues the video
-- of another: `extends_id` links them (kept NULL-able: the original may be deleted by retention
-- first), `source_video_uri` is the Cloud Storage video sent to Google — stored with the request,
-- so a restart sends the same one — and `source_seconds` that video's length (the result is
-- `source_seconds + duration_seconds`). Forgetting a user clears the URI (a location of their
-- video) and keeps the length.

ALTER TABLE video_requests
  ADD COLUMN extends_id uuid REFERENCES video_requests (id) ON DELETE SET NULL,
  ADD COLUMN source_video_uri text CONSTRAINT video_requests_source_video_check CHECK (source_video_uri LIKE 'gs://%'),
  ADD COLUMN source_seconds integer CONSTRAINT video_requests_source_seconds_check CHECK (source_seconds > 0);
CREATE INDEX video_requests_extends_idx ON video_requests (extends_id) WHERE extends_id IS NOT NULL;
