-- A job waiting for its concurrency key is marked, so that the end of a run with that key wakes the next waiter at
-- once (in the same transaction) instead of at its next look.
ALTER TABLE jobs ADD COLUMN waits_for_key INTEGER NOT NULL DEFAULT 0;
CREATE INDEX jobs_key_waiters ON jobs (tenant, concurrency_key, run_at) WHERE state = 'scheduled' AND waits_for_key = 1;
