-- personGeneration per request and per server
-- Migration 8: Vertex's `personGeneration` safety setting (issue 18). Each request stores the
-- value it is sent with (NULL: not sent, Google's default), so a restart, Retry or Again sends
-- what was decided at submit; each server may choose a value within the operator's.

ALTER TABLE video_requests
  ADD COLUMN person_generation text
    CONSTRAINT video_requests_person_generation_check CHECK (person_generation IN ('dont_allow', 'allow_adult', 'allow_all'));

ALTER TABLE guild_settings
  ADD COLUMN person_generation text
    CONSTRAINT guild_settings_person_generation_check CHECK (person_generation IN ('dont_allow', 'allow_adult', 'allow_all'));
