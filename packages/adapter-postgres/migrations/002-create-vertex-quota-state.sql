-- create vertex quota state
-- UNLOGGED: admissions only matter for a minute, so they skip the WAL (cheaper commits); after
-- a server crash the table comes back empty, which costs at most one extra burst of calls.

CREATE UNLOGGED TABLE vertex_quota_state (
  kind          text PRIMARY KEY CONSTRAINT vertex_quota_state_kind_check CHECK (kind IN ('start', 'poll')),
  -- Admission times of the last window and reservations ahead, oldest first.
  recent        timestamptz[] NOT NULL DEFAULT '{}',
  blocked_until timestamptz,
  last_admit    timestamptz
);
