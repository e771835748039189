-- Schedules, their fires and the audit log. A fire is unique by (schedule, fire time, kind): that key, written in the
-- same transaction as the fire's jobs and a compare-and-set of the schedule's next fire, makes every fire enqueue its
-- jobs exactly once however many nodes run the scheduler.
CREATE TABLE schedules (
    id           TEXT    NOT NULL PRIMARY KEY,
    definition   TEXT    NOT NULL,
    paused       INTEGER NOT NULL DEFAULT 0,
    next_fire_at INTEGER NOT NULL,
    last_fire_at INTEGER,
    source       TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE paused = 0;

CREATE TABLE schedule_fires (
    schedule_id  TEXT    NOT NULL,
    fire_at      INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    reason       TEXT,
    keys         TEXT,
    deadline_at  INTEGER,
    overdue_at   INTEGER,
    triggered_by TEXT,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (schedule_id, fire_at, kind)
);
CREATE INDEX schedule_fires_deadline ON schedule_fires (deadline_at)
    WHERE status = 'enqueued' AND deadline_at IS NOT NULL AND overdue_at IS NULL;
CREATE INDEX schedule_fires_age ON schedule_fires (fire_at);

CREATE TABLE schedule_fire_jobs (
    schedule_id TEXT    NOT NULL,
    fire_at     INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    fire_key    TEXT    NOT NULL,
    job_id      TEXT    NOT NULL,
    PRIMARY KEY (schedule_id, fire_at, kind, fire_key, job_id)
);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    reason  TEXT,
    details TEXT
);
