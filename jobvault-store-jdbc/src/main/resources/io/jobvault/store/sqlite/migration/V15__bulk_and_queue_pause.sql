-- Bulk actions by filter, queues paused across the cluster, and what the job filters read: a label index kept by
-- triggers (labels never change after insert) and an index on when jobs finished. (PostgreSQL: V14.)

-- One row per bulk operation; a batch moves cursor_id, matched and done in the transaction that acts on its jobs.
CREATE TABLE bulk_operations (
    id          TEXT    NOT NULL PRIMARY KEY,
    action      TEXT    NOT NULL,
    filter      TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    matched     INTEGER NOT NULL DEFAULT 0,
    done        INTEGER NOT NULL DEFAULT 0,
    cursor_id   TEXT,
    actor       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    finished_at INTEGER
);
CREATE INDEX bulk_operations_running ON bulk_operations (created_at) WHERE state = 'running';
CREATE INDEX bulk_operations_ended ON bulk_operations (finished_at) WHERE finished_at IS NOT NULL;

-- Read by every claim (a primary-key probe of a table with a handful of rows).
CREATE TABLE paused_queues (
    queue     TEXT    NOT NULL PRIMARY KEY,
    paused_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Jobs by label, newest first: the label filter walks (key, value) down job_id.
CREATE TABLE job_labels (
    key    TEXT NOT NULL,
    value  TEXT NOT NULL,
    job_id TEXT NOT NULL,
    PRIMARY KEY (key, value, job_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO job_labels (key, value, job_id)
SELECT e.key, e.value, j.id FROM jobs j, json_each(j.labels) e WHERE j.labels IS NOT NULL;

-- Jobs without labels (most) do nothing more: the WHEN is checked first.
CREATE TRIGGER jobs_labels_add AFTER INSERT ON jobs WHEN NEW.labels IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO job_labels (key, value, job_id) SELECT e.key, e.value, NEW.id FROM json_each(NEW.labels) e;
END;
CREATE TRIGGER jobs_labels_remove AFTER DELETE ON jobs WHEN OLD.labels IS NOT NULL
BEGIN
    DELETE FROM job_labels WHERE job_id = OLD.id
        AND key IN (SELECT e.key FROM json_each(OLD.labels) e) AND value IN (SELECT e.value FROM json_each(OLD.labels) e);
END;

-- The finished-range filter.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
