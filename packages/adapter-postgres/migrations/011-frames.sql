-- frames: last frames and reference images
-- Migration 11: last frames and reference images (issue 19), stored like first frames — in
-- Postgres, written in the same statement as their request, deleted with it (ON DELETE CASCADE) —
-- each with its `role` and, for the (at most three) reference images, its `ordinal`.
--
-- They live beside `request_images`, not in it: that table stays one row per request, the first
-- frame, with its primary key on `request_id`, because an older instance reads it with
-- `SELECT … FROM request_images WHERE request_id = $1` and takes the first row. Had last frames and
-- references joined that table, such an instance (during a rolling deploy) could take any of them
-- for the first frame; this way it reads the first frame right and simply does not see the others
-- (see the README, *Running at scale*). Old rows need no change: every `request_images` row is a
-- first frame.

CREATE TABLE request_extra_images (
  request_id uuid NOT NULL REFERENCES video_requests (id) ON DELETE CASCADE,
  role       text NOT NULL CONSTRAINT request_extra_images_role_check CHECK (role IN ('last', 'reference')),
  ordinal    smallint NOT NULL CONSTRAINT request_extra_images_ordinal_check CHECK (ordinal BETWEEN 0 AND 2),
  mime_type  text NOT NULL CONSTRAINT request_extra_images_mime_type_check CHECK (mime_type IN ('image/png', 'image/jpeg', 'image/webp')),
  bytes      bytea NOT NULL CONSTRAINT request_extra_images_size_check CHECK (octet_length(bytes) BETWEEN 1 AND 20971520),
  sha256     text GENERATED ALWAYS AS (encode(sha256(bytes), 'hex')) STORED,
  width      integer NOT NULL CONSTRAINT request_extra_images_width_check CHECK (width BETWEEN 1 AND 16384),
  height     integer NOT NULL CONSTRAINT request_extra_images_height_check CHECK (height BETWEEN 1 AND 16384),
  PRIMARY KEY (request_id, role, ordinal),
  CONSTRAINT request_extra_images_one_last CHECK (role = 'reference' OR ordinal = 0)
);
ALTER TABLE request_extra_images ALTER COLUMN bytes SET STORAGE EXTERNAL;
