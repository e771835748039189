-- Concurrency keys: at most concurrency_limit running jobs per (tenant, concurrency_key). The partial index makes the
-- count of a key's running jobs cheap at claim time, whatever the number of finished jobs.
ALTER TABLE jobs ADD COLUMN concurrency_key TEXT;
ALTER TABLE jobs ADD COLUMN concurrency_limit INTEGER;
CREATE INDEX jobs_running_keys ON jobs (tenant, concurrency_key) WHERE state = 'running' AND concurrency_key IS NOT NULL;

-- Rate limits: per job type a ring of N slots, each holding when a run last started in it. A run may start only by
-- taking a slot whose start left the window, so no window of that length holds more than N starts.
CREATE TABLE rate_slots (
    type       TEXT    NOT NULL,
    slot       INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    PRIMARY KEY (type, slot)
);
