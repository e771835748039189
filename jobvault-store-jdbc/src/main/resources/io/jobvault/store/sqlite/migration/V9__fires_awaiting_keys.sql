-- Fan-out from a key-source job: a fire waits in status 'awaiting-keys' until its source job names the keys. Such a
-- fire has a deadline too, so the deadline index covers both statuses.
CREATE INDEX schedule_fires_awaiting ON schedule_fires (fire_at) WHERE status = 'awaiting-keys';
DROP INDEX schedule_fires_deadline;
CREATE INDEX schedule_fires_deadline ON schedule_fires (deadline_at)
    WHERE status IN ('enqueued', 'awaiting-keys') AND deadline_at IS NOT NULL AND overdue_at IS NULL;
