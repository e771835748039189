-- Job counts per (tenant, queue, type, state), and finished runs per minute, for the dashboard and GET /v1/stats: no
-- read counts the jobs table. Triggers keep them, in the transaction of the statement that changes a job, so no code
-- path can forget them (claims, finishes, retries, rescues, cancels, deletes, prunes, fan-outs, key waiters, callers'
-- transactional enqueues) and a crash loses a change and its count together.
--
-- The triggers run once per statement and append the statement's net changes, summed per key, to a log; they never
-- update a total. A total per queue and state would be a hot row: every claim and finish would hold its lock until
-- commit (fsync included), serialising them across the cluster, and transactions taking such rows in different orders
-- (a claim: available then running; a rescue: running then available) would deadlock. Appending takes no row lock.
-- The leader folds the logs into the totals in bounded batches (JobStore.jobStatsFold); a read sums totals and log in
-- one statement, so it sees one snapshot: a fold moves rows between them atomically.
CREATE TABLE job_counts (
    tenant text   NOT NULL,
    queue  text   NOT NULL,
    type   text   NOT NULL,
    state  text   NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (tenant, queue, type, state)
);
CREATE TABLE job_counts_log (
    tenant text   NOT NULL,
    queue  text   NOT NULL,
    type   text   NOT NULL,
    state  text   NOT NULL,
    n      bigint NOT NULL
);

-- Runs that ended in a minute (epoch ms of its start), by outcome: succeeded, cancelled and dead (jobs that reached
-- that state), failed (attempts that failed: an error, a timeout, a discard or a lost lease; a dead job's last failed
-- attempt counts here too). The engine prunes minutes past the retention.
CREATE TABLE job_throughput (
    minute  bigint NOT NULL,
    tenant  text   NOT NULL,
    queue   text   NOT NULL,
    outcome text   NOT NULL,
    n       bigint NOT NULL,
    PRIMARY KEY (minute, tenant, queue, outcome)
);
CREATE TABLE job_throughput_log (
    minute  bigint NOT NULL,
    tenant  text   NOT NULL,
    queue   text   NOT NULL,
    outcome text   NOT NULL,
    n       bigint NOT NULL
);
-- The logs are emptied every few seconds: vacuum them by a fixed number of dead rows, not a share of a tiny table.
ALTER TABLE job_counts_log SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
ALTER TABLE job_throughput_log SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
ALTER TABLE job_counts SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000);

-- search_path FROM CURRENT: the schema the migration runs in, whatever the session that fires the trigger uses.
-- One statement per trigger (a data-modifying WITH runs whether or not it is read): a trigger runs per statement on
-- jobs, so its own statements are the cost every write pays.
CREATE FUNCTION job_counts_inserted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    WITH counted AS (
        INSERT INTO job_counts_log (tenant, queue, type, state, n)
        SELECT tenant, queue, type, state, count(*) FROM new_jobs GROUP BY tenant, queue, type, state
    )
    -- a job recorded as already finished (a delivery done while the store was unreachable) ran too
    INSERT INTO job_throughput_log (minute, tenant, queue, outcome, n)
    SELECT finished_at / 60000 * 60000, tenant, queue, state, count(*) FROM new_jobs
    WHERE state IN ('succeeded', 'cancelled', 'dead') AND finished_at IS NOT NULL
    GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;

-- Every UPDATE of jobs fires this (a trigger with transition tables cannot name columns): a row whose key did not
-- change adds -1 and +1 to the same key, which sum to nothing and are left out.
CREATE FUNCTION job_counts_updated() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    WITH counted AS (
        INSERT INTO job_counts_log (tenant, queue, type, state, n)
        SELECT tenant, queue, type, state, sum(n) FROM (
            SELECT tenant, queue, type, state, -1 AS n FROM old_jobs
            UNION ALL
            SELECT tenant, queue, type, state, 1 AS n FROM new_jobs
        ) changes
        GROUP BY tenant, queue, type, state HAVING sum(n) <> 0
    )
    INSERT INTO job_throughput_log (minute, tenant, queue, outcome, n)
    SELECT nj.finished_at / 60000 * 60000, nj.tenant, nj.queue, nj.state, count(*)
    FROM new_jobs nj JOIN old_jobs oj ON oj.id = nj.id
    WHERE nj.state IN ('succeeded', 'cancelled', 'dead') AND oj.state <> nj.state AND nj.finished_at IS NOT NULL
    GROUP BY 1, 2, 3, 4;
    RETURN NULL;
END $$;

CREATE FUNCTION job_counts_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO job_counts_log (tenant, queue, type, state, n)
    SELECT tenant, queue, type, state, -count(*) FROM old_jobs GROUP BY tenant, queue, type, state;
    RETURN NULL;
END $$;

CREATE FUNCTION job_throughput_failed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO job_throughput_log (minute, tenant, queue, outcome, n)
    SELECT a.finished_at / 60000 * 60000, j.tenant, j.queue, 'failed', count(*)
    FROM new_attempts a JOIN jobs j ON j.id = a.job_id
    WHERE a.outcome IN ('FAILED', 'TIMED_OUT', 'DISCARDED', 'LEASE_EXPIRED')
    GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;

CREATE TRIGGER job_counts_inserted AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_counts_inserted();
CREATE TRIGGER job_counts_updated AFTER UPDATE ON jobs REFERENCING OLD TABLE AS old_jobs NEW TABLE AS new_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_counts_updated();
CREATE TRIGGER job_counts_deleted AFTER DELETE ON jobs REFERENCING OLD TABLE AS old_jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_counts_deleted();
CREATE TRIGGER job_throughput_failed AFTER INSERT ON job_attempts REFERENCING NEW TABLE AS new_attempts
    FOR EACH STATEMENT EXECUTE FUNCTION job_throughput_failed();

-- The counts of the jobs already stored. CREATE TRIGGER locked jobs against writes until this migration commits, so
-- no change slips between the count and the triggers.
INSERT INTO job_counts (tenant, queue, type, state, n)
SELECT tenant, queue, type, state, count(*) FROM jobs GROUP BY tenant, queue, type, state;
