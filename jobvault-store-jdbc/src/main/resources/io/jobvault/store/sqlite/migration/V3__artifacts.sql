-- Artifact metadata. The file lives in the artifact store under storage_key; a row exists only for a complete,
-- fsynced file written by the run that held the lease.
CREATE TABLE artifacts (
    job_id       TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    content_type TEXT    NOT NULL,
    sha256       TEXT    NOT NULL,
    storage_key  TEXT    NOT NULL,
    attempt      INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (job_id, name)
) WITHOUT ROWID;
