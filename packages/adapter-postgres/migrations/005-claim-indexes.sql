-- claim indexes: free rows, leases by owner and by end
-- Migration 5: the indexes `claimNext` reads (see claim-sql.ts). Claimed rows stay open while
-- they run, so with one index over open rows in age order every claim would first walk over
-- all the running ones. Instead free rows have an index of their own (they leave it as they are
-- claimed) and leased rows two: by owner (the distinct owners whose liveness is probed, and a
-- gone owner's rows) and by lease end (expired leases).

CREATE INDEX video_requests_claim_free_idx ON video_requests (created_at, id)
  WHERE lease_owner IS NULL
    AND (status IN ('pending', 'generating') OR (notified_at IS NULL AND status IN ('completed', 'failed', 'timeout')));
CREATE INDEX video_requests_lease_owner_idx ON video_requests (lease_owner)
  WHERE lease_owner IS NOT NULL
    AND (status IN ('pending', 'generating') OR (notified_at IS NULL AND status IN ('completed', 'failed', 'timeout')));
CREATE INDEX video_requests_lease_end_idx ON video_requests (lease_until)
  WHERE lease_until IS NOT NULL
    AND (status IN ('pending', 'generating') OR (notified_at IS NULL AND status IN ('completed', 'failed', 'timeout')));
