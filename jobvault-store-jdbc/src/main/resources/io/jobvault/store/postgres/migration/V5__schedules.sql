-- Schedules, their fires and the audit log. A fire is unique by (schedule, fire time, kind): that key, written in the
-- same transaction as the fire's jobs and a compare-and-set of the schedule's next fire, makes every fire enqueue its
-- jobs exactly once however many nodes run the scheduler.
CREATE TABLE schedules (
    id           text    NOT NULL PRIMARY KEY,
    definition   text    NOT NULL,
    paused       integer NOT NULL DEFAULT 0,
    next_fire_at bigint NOT NULL,
    last_fire_at bigint,
    source       text    NOT NULL,
    created_at   bigint NOT NULL,
    updated_at   bigint NOT NULL
);
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE paused = 0;

CREATE TABLE schedule_fires (
    schedule_id  text    NOT NULL,
    fire_at      bigint NOT NULL,
    kind         text    NOT NULL,
    status       text    NOT NULL,
    reason       text,
    keys         text,
    deadline_at  bigint,
    overdue_at   bigint,
    triggered_by text,
    created_at   bigint NOT NULL,
    PRIMARY KEY (schedule_id, fire_at, kind)
);
CREATE INDEX schedule_fires_deadline ON schedule_fires (deadline_at)
    WHERE status = 'enqueued' AND deadline_at IS NOT NULL AND overdue_at IS NULL;
CREATE INDEX schedule_fires_age ON schedule_fires (fire_at);

CREATE TABLE schedule_fire_jobs (
    schedule_id text    NOT NULL,
    fire_at     bigint NOT NULL,
    kind        text    NOT NULL,
    fire_key    text    NOT NULL,
    job_id      uuid    NOT NULL,
    PRIMARY KEY (schedule_id, fire_at, kind, fire_key, job_id)
);

CREATE TABLE audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      bigint NOT NULL,
    actor   text    NOT NULL,
    action  text    NOT NULL,
    target  text    NOT NULL,
    reason  text,
    details text
);
