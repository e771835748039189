-- A job waiting for its concurrency key is marked, so that the end of a run with that key wakes the next waiter at
-- once (in the same transaction) instead of at its next look. A job held back by any limit moves its run_at to its
-- next look; due_at keeps when it was first due, so that the end of a run wakes the key's waiter due longest, and
-- its start gives run_at back that time (pickup latency counts the wait). due_at is NULL unless the job waits for a
-- limit now or waited and has not started since.
ALTER TABLE jobs ADD COLUMN waits_for_key INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN due_at BIGINT;
CREATE INDEX jobs_key_waiters ON jobs (tenant, concurrency_key, due_at) WHERE state = 'scheduled' AND waits_for_key = 1;
