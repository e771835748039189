-- A job held back by a limit moves its run_at to its next look; due_at keeps when it was first due for this run, so
-- that pickup latency counts the wait and the end of a run wakes the key's waiter that has been due longest.
-- NULL: the job was never held back since it last became due (run_at is its due time). Adding a nullable column
-- without a default does not rewrite the table.
ALTER TABLE jobs ADD COLUMN due_at bigint;
