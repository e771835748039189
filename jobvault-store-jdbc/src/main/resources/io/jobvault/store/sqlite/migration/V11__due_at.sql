-- A job held back by a limit moves its run_at to its next look; due_at keeps when it was first due, so that the end
-- of a run wakes the key's waiter that has been due longest, and the start gives run_at back its first due time (so
-- pickup latency counts the wait). NULL unless the job waits for a limit now or waited and has not started yet.
ALTER TABLE jobs ADD COLUMN due_at INTEGER;
-- Every key waiter has due_at (the wait sets it): the end of a run wakes its key's waiters in due_at order, read off
-- this index rather than sorted.
DROP INDEX jobs_key_waiters;
CREATE INDEX jobs_key_waiters ON jobs (tenant, concurrency_key, due_at) WHERE state = 'scheduled' AND waits_for_key = 1;
