-- Bulk actions by filter, queues paused across the cluster, and what the job filters read: a label index kept by
-- triggers (labels never change after insert) and an index on when jobs finished.

-- One row per bulk operation; a batch moves cursor_id, matched and done in the transaction that acts on its jobs.
CREATE TABLE bulk_operations (
    id          uuid   NOT NULL PRIMARY KEY,
    action      text   NOT NULL,
    filter      text   NOT NULL,
    state       text   NOT NULL,
    matched     bigint NOT NULL DEFAULT 0,
    done        bigint NOT NULL DEFAULT 0,
    cursor_id   uuid,
    actor       text,
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL,
    finished_at bigint
);
CREATE INDEX bulk_operations_running ON bulk_operations (created_at) WHERE state = 'running';
CREATE INDEX bulk_operations_ended ON bulk_operations (finished_at) WHERE finished_at IS NOT NULL;

-- Read by every claim (a primary-key probe of a table with a handful of rows).
CREATE TABLE paused_queues (
    queue     text   NOT NULL PRIMARY KEY,
    paused_at bigint NOT NULL
);

-- Jobs by label, newest first: the label filter walks (key, value) down job_id.
CREATE TABLE job_labels (
    key    text NOT NULL,
    value  text NOT NULL,
    job_id uuid NOT NULL,
    PRIMARY KEY (key, value, job_id)
);
INSERT INTO job_labels (key, value, job_id)
SELECT e.key, e.value, j.id FROM jobs j, json_each_text(CAST(j.labels AS json)) e WHERE j.labels IS NOT NULL
ON CONFLICT DO NOTHING;

CREATE FUNCTION jobvault_job_labels_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_labels (key, value, job_id)
    SELECT e.key, e.value, NEW.id FROM json_each_text(CAST(NEW.labels AS json)) e ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE FUNCTION jobvault_job_labels_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM job_labels l USING json_each_text(CAST(OLD.labels AS json)) e
    WHERE l.key = e.key AND l.value = e.value AND l.job_id = OLD.id;
    RETURN NULL;
END
$$;
-- Jobs without labels (most) skip the function: the WHEN is checked first.
CREATE TRIGGER jobs_labels_add AFTER INSERT ON jobs FOR EACH ROW WHEN (NEW.labels IS NOT NULL)
    EXECUTE FUNCTION jobvault_job_labels_add();
CREATE TRIGGER jobs_labels_remove AFTER DELETE ON jobs FOR EACH ROW WHEN (OLD.labels IS NOT NULL)
    EXECUTE FUNCTION jobvault_job_labels_remove();

-- The finished-range filter.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
