-- request images and the ETA history index
-- Migration 4: first-frame images of image-to-video requests, and the index ETAs read.
-- The image lives in Postgres, beside its request, rather than in Cloud Storage: it is written
-- in the same statement as the request row (never a request without its image, never an
-- orphaned object), the foreign key's ON DELETE CASCADE makes retention delete both, and a
-- resumed or repeated request reads it back from the one store that is already durable.
-- The size check is a hard ceiling above the bot's own 8 MiB limit; `sha256` is computed by the
-- database, so it always matches the bytes. Images are already compressed: stored EXTERNAL
-- (out of line, no second compression attempt).

CREATE TABLE request_images (
  request_id uuid PRIMARY KEY REFERENCES video_requests (id) ON DELETE CASCADE,
  mime_type  text NOT NULL CONSTRAINT request_images_mime_type_check CHECK (mime_type IN ('image/png', 'image/jpeg', 'image/webp')),
  bytes      bytea NOT NULL CONSTRAINT request_images_size_check CHECK (octet_length(bytes) BETWEEN 1 AND 20971520),
  sha256     text GENERATED ALWAYS AS (encode(sha256(bytes), 'hex')) STORED,
  width      integer NOT NULL CONSTRAINT request_images_width_check CHECK (width BETWEEN 1 AND 16384),
  height     integer NOT NULL CONSTRAINT request_images_height_check CHECK (height BETWEEN 1 AND 16384)
);
ALTER TABLE request_images ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- ETA history: the newest completed generations of one model (index-only with duration_ms).
CREATE INDEX video_requests_model_completed_idx ON video_requests (model, completed_at DESC)
  INCLUDE (duration_ms) WHERE status = 'completed';
