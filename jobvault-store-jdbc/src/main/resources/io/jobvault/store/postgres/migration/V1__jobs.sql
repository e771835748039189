-- Jobvault schema on PostgreSQL: the same tables and indexes as on SQLite (see sqlite/migration), in one migration.
-- Times are epoch milliseconds (bigint), so both dialects share their row code; ids are uuid.

CREATE TABLE jobs (
    id                  uuid    NOT NULL PRIMARY KEY,
    type                text    NOT NULL,
    queue               text    NOT NULL,
    state               text    NOT NULL,
    priority            integer NOT NULL DEFAULT 0,
    payload             text    NOT NULL,
    attempt             integer NOT NULL DEFAULT 0,
    max_attempts        integer NOT NULL,
    attempt_budget      integer NOT NULL,
    run_at              bigint  NOT NULL,
    created_at          bigint  NOT NULL,
    started_at          bigint,
    finished_at         bigint,
    timeout_ms          bigint,
    tenant              text    NOT NULL DEFAULT '',
    idempotency_key     text,
    unique_key          text,
    labels              text,
    progress_percent    integer,
    progress_message    text,
    result              text,
    last_error          text,
    lease_owner         text,
    lease_expires_at    bigint,
    cancel_requested    integer NOT NULL DEFAULT 0,
    retain_succeeded_ms bigint  NOT NULL,
    retain_cancelled_ms bigint  NOT NULL,
    retain_dead_ms      bigint  NOT NULL,
    expires_at          bigint
);

CREATE INDEX jobs_available ON jobs (queue, priority DESC, run_at, id) WHERE state = 'available';
CREATE INDEX jobs_pending ON jobs (run_at) WHERE state IN ('scheduled', 'retrying');
CREATE INDEX jobs_running ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_expiry ON jobs (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX jobs_state ON jobs (state, id);
CREATE INDEX jobs_tenant ON jobs (tenant, id);
CREATE UNIQUE INDEX jobs_idempotency ON jobs (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX jobs_unique ON jobs (tenant, unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('scheduled', 'available', 'running', 'retrying');

CREATE TABLE job_attempts (
    job_id        uuid    NOT NULL,
    attempt       integer NOT NULL,
    node          text,
    started_at    bigint,
    finished_at   bigint  NOT NULL,
    outcome       text    NOT NULL,
    error_message text,
    error_type    text,
    stack_trace   text,
    PRIMARY KEY (job_id, attempt)
);

CREATE TABLE jobvault_meta (
    key   text NOT NULL PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE api_tokens (
    id          text   NOT NULL PRIMARY KEY,
    name        text   NOT NULL,
    tenant      text,
    scopes      text   NOT NULL,
    secret_hash text   NOT NULL UNIQUE,
    created_at  bigint NOT NULL,
    revoked_at  bigint
);

CREATE TABLE artifacts (
    job_id        uuid    NOT NULL,
    name          text    NOT NULL,
    size          bigint  NOT NULL,
    content_type  text    NOT NULL,
    sha256        text    NOT NULL,
    storage_key   text    NOT NULL,
    attempt       integer NOT NULL,
    created_at    bigint  NOT NULL,
    missing_since bigint,
    PRIMARY KEY (job_id, name)
);
