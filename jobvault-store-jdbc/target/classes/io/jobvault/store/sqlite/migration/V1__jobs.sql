-- Jobvault schema 1: jobs, their attempt history, and store metadata.
-- Times are epoch milliseconds. Ids are UUIDv7 text, so they sort by creation time.

CREATE TABLE jobs (
    id                  TEXT    NOT NULL PRIMARY KEY,
    type                TEXT    NOT NULL,
    queue               TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    priority            INTEGER NOT NULL DEFAULT 0,
    payload             TEXT    NOT NULL,
    attempt             INTEGER NOT NULL DEFAULT 0, -- claims so far; the fencing token of the current lease
    max_attempts        INTEGER NOT NULL,           -- a failure at this attempt makes the job dead
    attempt_budget      INTEGER NOT NULL,           -- attempts granted again by an operator retry
    run_at              INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    started_at          INTEGER,
    finished_at         INTEGER,
    timeout_ms          INTEGER,
    tenant              TEXT    NOT NULL DEFAULT '',
    idempotency_key     TEXT,
    unique_key          TEXT,
    labels              TEXT,
    progress_percent    INTEGER,
    progress_message    TEXT,
    result              TEXT,
    last_error          TEXT,
    lease_owner         TEXT,
    lease_expires_at    INTEGER,
    cancel_requested    INTEGER NOT NULL DEFAULT 0,
    retain_succeeded_ms INTEGER NOT NULL,
    retain_cancelled_ms INTEGER NOT NULL,
    retain_dead_ms      INTEGER NOT NULL,
    expires_at          INTEGER                     -- set when the job finishes: finished_at + retention
);

-- Claims read only this index; it holds available jobs alone, so finished rows never slow a claim.
CREATE INDEX jobs_available ON jobs (queue, priority DESC, run_at, id) WHERE state = 'available';
-- The promoter's index: jobs waiting for their run-at.
CREATE INDEX jobs_pending ON jobs (run_at) WHERE state IN ('scheduled', 'retrying');
-- Rescue and heartbeat: running jobs by lease expiry.
CREATE INDEX jobs_running ON jobs (lease_expires_at) WHERE state = 'running';
-- The pruner's index: finished jobs by when their retention ends.
CREATE INDEX jobs_expiry ON jobs (expires_at) WHERE expires_at IS NOT NULL;
-- Keyset listing by state and by tenant, newest first.
CREATE INDEX jobs_state ON jobs (state, id);
CREATE INDEX jobs_tenant ON jobs (tenant, id);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- Only one non-finished job per unique key; finished ones leave the index.
CREATE UNIQUE INDEX jobs_unique ON jobs (tenant, unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('scheduled', 'available', 'running', 'retrying');

-- Every ended attempt except a successful one, whose details stay on the job row.
CREATE TABLE job_attempts (
    job_id        TEXT    NOT NULL,
    attempt       INTEGER NOT NULL,
    node          TEXT,
    started_at    INTEGER,
    finished_at   INTEGER NOT NULL,
    outcome       TEXT    NOT NULL,
    error_message TEXT,
    error_type    TEXT,
    stack_trace   TEXT,
    PRIMARY KEY (job_id, attempt)
) WITHOUT ROWID;

CREATE TABLE jobvault_meta (
    key   TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
