-- Job counts per (tenant, queue, type, state), and finished runs per minute, for the dashboard and GET /v1/stats: no
-- read counts the jobs table. Triggers keep them, in the transaction of the statement that changes a job, so no code
-- path can forget them (claims, finishes, retries, rescues, cancels, deletes, prunes, fan-outs, key waiters, callers'
-- transactional enqueues) and a crash loses a change and its count together. SQLite has one writer at a time, so the
-- triggers update the totals in place (PostgreSQL appends to logs instead; see its V13).
CREATE TABLE job_counts (
    tenant TEXT    NOT NULL,
    queue  TEXT    NOT NULL,
    type   TEXT    NOT NULL,
    state  TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (tenant, queue, type, state)
) WITHOUT ROWID;

-- Runs that ended in a minute (epoch ms of its start), by outcome: succeeded, cancelled and dead (jobs that reached
-- that state), failed (attempts that failed: an error, a timeout, a discard or a lost lease; a dead job's last failed
-- attempt counts here too). The engine prunes minutes past the retention.
CREATE TABLE job_throughput (
    minute  INTEGER NOT NULL,
    tenant  TEXT    NOT NULL,
    queue   TEXT    NOT NULL,
    outcome TEXT    NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (minute, tenant, queue, outcome)
) WITHOUT ROWID;

-- One trigger per event, counts and minutes in the same trigger program: every trigger that fires costs a sub-program
-- run per row, and a claim or a finish changes many rows.
CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs
BEGIN
    INSERT INTO job_counts (tenant, queue, type, state, n) VALUES (new.tenant, new.queue, new.type, new.state, 1)
    ON CONFLICT (tenant, queue, type, state) DO UPDATE SET n = n + 1;
    -- a job recorded as already finished (a delivery done while the store was unreachable) ran too
    INSERT INTO job_throughput (minute, tenant, queue, outcome, n)
    SELECT new.finished_at / 60000 * 60000, new.tenant, new.queue, new.state, 1
    WHERE new.state IN ('succeeded', 'cancelled', 'dead') AND new.finished_at IS NOT NULL
    ON CONFLICT (minute, tenant, queue, outcome) DO UPDATE SET n = n + 1;
END;

-- One statement moves the job from its old key to its new one; a job that reached an end counts in its minute.
CREATE TRIGGER job_counts_update AFTER UPDATE OF state, tenant, queue, type ON jobs
WHEN old.state IS NOT new.state OR old.tenant IS NOT new.tenant OR old.queue IS NOT new.queue OR old.type IS NOT new.type
BEGIN
    INSERT INTO job_counts (tenant, queue, type, state, n)
    VALUES (old.tenant, old.queue, old.type, old.state, -1), (new.tenant, new.queue, new.type, new.state, 1)
    ON CONFLICT (tenant, queue, type, state) DO UPDATE SET n = n + excluded.n;
    INSERT INTO job_throughput (minute, tenant, queue, outcome, n)
    SELECT new.finished_at / 60000 * 60000, new.tenant, new.queue, new.state, 1
    WHERE new.state IN ('succeeded', 'cancelled', 'dead') AND old.state IS NOT new.state AND new.finished_at IS NOT NULL
    ON CONFLICT (minute, tenant, queue, outcome) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs
BEGIN
    UPDATE job_counts SET n = n - 1
    WHERE tenant = old.tenant AND queue = old.queue AND type = old.type AND state = old.state;
END;

CREATE TRIGGER job_throughput_failed AFTER INSERT ON job_attempts
WHEN new.outcome IN ('FAILED', 'TIMED_OUT', 'DISCARDED', 'LEASE_EXPIRED')
BEGIN
    INSERT INTO job_throughput (minute, tenant, queue, outcome, n)
    SELECT new.finished_at / 60000 * 60000, tenant, queue, 'failed', 1 FROM jobs WHERE id = new.job_id
    ON CONFLICT (minute, tenant, queue, outcome) DO UPDATE SET n = n + 1;
END;

-- The counts of the jobs already stored (migrations run under the writer lock, so none changes meanwhile).
INSERT INTO job_counts (tenant, queue, type, state, n)
SELECT tenant, queue, type, state, count(*) FROM jobs GROUP BY tenant, queue, type, state;
