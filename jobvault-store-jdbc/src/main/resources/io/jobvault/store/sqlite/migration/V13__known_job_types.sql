-- Which job types something can run, so a submit of a type nothing runs is refused: each node records its handlers'
-- types with its heartbeat; remote workers declare theirs (per tenant, '' for a worker bound to none) with a
-- last-seen time, and stop counting once they have not been seen for a while.
ALTER TABLE jobvault_nodes ADD COLUMN job_types TEXT NOT NULL DEFAULT '[]';

CREATE TABLE worker_job_types (
    tenant  TEXT    NOT NULL,
    type    TEXT    NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (tenant, type)
) WITHOUT ROWID;
