-- Jobs deleted on purpose (DELETE /v1/jobs/{id}, Jobvault.delete), remembered for a while so their ids answer
-- "deleted" rather than "expired after retention"; the pruner forgets them after a year.
CREATE TABLE deleted_jobs (
    id         TEXT    PRIMARY KEY,
    deleted_at INTEGER NOT NULL
);
CREATE INDEX deleted_jobs_at ON deleted_jobs (deleted_at);
