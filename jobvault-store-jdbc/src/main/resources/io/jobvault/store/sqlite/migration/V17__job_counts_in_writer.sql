-- The job counters' triggers (V14) ran an upsert per changed row, five per job on its way from submit to success:
-- the drain lost a quarter of its speed to them. The store's writer now totals the changes of its batched inserts,
-- claims and finishes itself and adds them once per key (JdbcCountDeltas), inside the same transaction; for those
-- statements it sets deferred = 1 here and back to 0 before anything else runs. The flag is only ever 1 inside the
-- writer's open transaction, so every other statement and connection (the sqlite3 shell, a caller's transactional
-- enqueue, rare paths) still has its counts kept by the triggers, and a crash undoes the flag with the rest.
CREATE TABLE job_counts_deferred (
    deferred INTEGER NOT NULL
);
INSERT INTO job_counts_deferred (deferred) VALUES (0);

DROP TRIGGER job_counts_insert;
CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs
WHEN (SELECT deferred FROM job_counts_deferred) = 0
BEGIN
    INSERT INTO job_counts (tenant, queue, type, state, n) VALUES (new.tenant, new.queue, new.type, new.state, 1)
    ON CONFLICT (tenant, queue, type, state) DO UPDATE SET n = n + 1;
    -- a job recorded as already finished (a delivery done while the store was unreachable) ran too
    INSERT INTO job_throughput (minute, tenant, queue, outcome, n)
    SELECT new.finished_at / 60000 * 60000, new.tenant, new.queue, new.state, 1
    WHERE new.state IN ('succeeded', 'cancelled', 'dead') AND new.finished_at IS NOT NULL
    ON CONFLICT (minute, tenant, queue, outcome) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER job_counts_update;
CREATE TRIGGER job_counts_update AFTER UPDATE OF state, tenant, queue, type ON jobs
WHEN (old.state IS NOT new.state OR old.tenant IS NOT new.tenant OR old.queue IS NOT new.queue OR old.type IS NOT new.type)
     AND (SELECT deferred FROM job_counts_deferred) = 0
BEGIN
    INSERT INTO job_counts (tenant, queue, type, state, n)
    VALUES (old.tenant, old.queue, old.type, old.state, -1), (new.tenant, new.queue, new.type, new.state, 1)
    ON CONFLICT (tenant, queue, type, state) DO UPDATE SET n = n + excluded.n;
    INSERT INTO job_throughput (minute, tenant, queue, outcome, n)
    SELECT new.finished_at / 60000 * 60000, new.tenant, new.queue, new.state, 1
    WHERE new.state IN ('succeeded', 'cancelled', 'dead') AND old.state IS NOT new.state AND new.finished_at IS NOT NULL
    ON CONFLICT (minute, tenant, queue, outcome) DO UPDATE SET n = n + 1;
END;
