-- PostgreSQL queries of the job store: those that differ between dialects (the rest are in ../jdbc/shared.sql).
-- Numbered ?N parameters are mapped to positions by PostgresStatements. One named query per block ("-- name: x");
-- {jobColumns} expands to the columns a Job is read from. Every time comes in as a parameter, from the engine: lease
-- and node-liveness times from its liveness clock (the database's, read by databaseNow), the others from its clock.

-- lease_owner is kept when a run ends: it then names the node that ran the job last.

-- name: insertJob
-- explicit uuid cast: also runs on callers' connections (transactional enqueue), whatever their string typing
INSERT INTO jobs (id, type, queue, state, priority, payload, max_attempts, attempt_budget, run_at, created_at,
                  timeout_ms, tenant, idempotency_key, unique_key, labels,
                  retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms, concurrency_key, concurrency_limit, traceparent)
VALUES (CAST(?1 AS uuid), ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
ON CONFLICT DO NOTHING

-- name: insertJobSucceeded
-- A job whose work was done without the store (an alert delivery sent while it was unreachable), recorded finished:
-- one attempt by node ?16, created, started and finished at ?7, kept for its succeeded retention; it never runs.
INSERT INTO jobs (id, type, queue, state, priority, payload, attempt, max_attempts, attempt_budget, run_at, created_at,
                  started_at, finished_at, timeout_ms, tenant, idempotency_key, labels, result,
                  retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms, expires_at, lease_owner)
VALUES (CAST(?1 AS uuid), ?2, ?3, 'succeeded', ?4, ?5, 1, ?6, ?6, ?7, ?7, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?7 + ?13, ?16)
ON CONFLICT DO NOTHING

-- name: claimWindow
-- One statement: lock the window of the queue's next ?2 available jobs (?6: of one tenant, null: any), start those no
-- limit applies to, and return the others - with a concurrency key, or of a rate-limited type (?7, a JSON array) -
-- unchanged and still locked, for JdbcClaims to gate. Started rows come back as 'running', held ones as 'available'.
-- A paused queue (paused_queues) gives none: the pause is read in the claim itself, so every node sees it at once.
WITH win AS (
    SELECT id AS wid, concurrency_key AS wkey, type AS wtype FROM jobs
    WHERE state = 'available' AND queue = ?1 AND (CAST(?6 AS text) IS NULL OR tenant = ?6)
      AND NOT EXISTS (SELECT 1 FROM paused_queues WHERE queue = ?1)
    ORDER BY priority DESC, run_at, id LIMIT ?2 FOR UPDATE SKIP LOCKED
), held AS (
    SELECT wid FROM win
    WHERE wkey IS NOT NULL OR wtype IN (SELECT json_array_elements_text(CAST(?7 AS json)))
), started AS (
    UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_owner = ?3, lease_expires_at = ?4, started_at = ?5, waits_for_key = 0
    WHERE id IN (SELECT wid FROM win) AND id NOT IN (SELECT wid FROM held)
    RETURNING {jobColumns}
)
SELECT {jobColumns} FROM started
UNION ALL
SELECT {jobColumns} FROM jobs WHERE id IN (SELECT wid FROM held)

-- name: startHeld
-- Starts the jobs (?1, a JSON array of ids) that a limit held back and JdbcClaims then let through. One that waited
-- gets its first due time back as run_at, so that its pickup latency counts the wait.
UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_owner = ?2, lease_expires_at = ?3, started_at = ?4,
                waits_for_key = 0, run_at = coalesce(due_at, run_at), due_at = NULL
WHERE id IN (SELECT value::uuid FROM json_array_elements_text(CAST(?1 AS json))) AND state = 'available'
RETURNING {jobColumns}

-- name: keysWithWaiters
-- Which of the keys ?1 (a JSON array) have jobs waiting for them (the partial index holds only waiters).
SELECT DISTINCT tenant, concurrency_key FROM jobs
WHERE state = 'scheduled' AND waits_for_key = 1 AND concurrency_key IN (SELECT json_array_elements_text(CAST(?1 AS json)))

-- name: wakeKeyWaiters
-- A run with key ?2 (tenant ?1) ended: the ?3 waiters due longest (every waiter has due_at) may run now.
UPDATE jobs SET state = 'available', waits_for_key = 0
WHERE id IN (SELECT id FROM jobs WHERE state = 'scheduled' AND waits_for_key = 1 AND tenant = ?1 AND concurrency_key = ?2
             ORDER BY due_at, id LIMIT ?3
             FOR UPDATE SKIP LOCKED)
RETURNING queue

-- name: runningByKey
-- How many jobs run per concurrency key, for the keys of ?1 (a JSON array); the caller holds the keys' locks.
SELECT tenant, concurrency_key, count(*) FROM jobs
WHERE state = 'running' AND concurrency_key IN (SELECT json_array_elements_text(CAST(?1 AS json)))
GROUP BY tenant, concurrency_key

-- name: promoteDue
UPDATE jobs SET state = 'available'
WHERE id IN (SELECT id FROM jobs WHERE state IN ('scheduled', 'retrying') AND run_at <= ?1 ORDER BY run_at LIMIT ?2
             FOR UPDATE SKIP LOCKED)
RETURNING queue

-- name: finishIfRunning
-- ?4 new state, ?5 run-at (null keeps it), ?6 1 when snoozed (one more attempt), ?7 result, ?8 error, ?9 now,
-- ?10/?11 the last progress reported (null keeps the stored one)
UPDATE jobs
SET state = ?4,
    progress_percent = coalesce(?10, progress_percent),
    progress_message = CASE WHEN CAST(?10 AS integer) IS NULL THEN progress_message ELSE ?11 END,
    run_at = coalesce(?5, run_at),
    max_attempts = max_attempts + ?6,
    result = coalesce(?7, result),
    last_error = coalesce(?8, last_error),
    finished_at = CASE WHEN CAST(?4 AS text) IN ('succeeded', 'cancelled', 'dead') THEN ?9 END,
    expires_at = ?9 + CASE CAST(?4 AS text) WHEN 'succeeded' THEN retain_succeeded_ms
                              WHEN 'cancelled' THEN retain_cancelled_ms
                              WHEN 'dead' THEN retain_dead_ms END,
    lease_expires_at = NULL,
    cancel_requested = 0
WHERE id = ?1 AND state = 'running' AND attempt = ?2 AND lease_owner = ?3

-- name: heartbeat
-- ?3: the leases, a JSON object of job id -> attempt. Fenced by the attempt (the fencing token) like every other
-- write of a run: a stale run's heartbeat does not extend the lease of the job's current run, even under the same owner.
-- Rows are locked in id order, as finished runs are recorded, so a heartbeat and a completion batch never deadlock.
WITH mine AS (
    SELECT id FROM jobs
    WHERE state = 'running' AND lease_owner = ?1
      AND (id, attempt) IN (SELECT CAST(key AS uuid), CAST(value AS integer) FROM json_each_text(CAST(?3 AS json)))
    ORDER BY id FOR UPDATE
)
UPDATE jobs SET lease_expires_at = ?2 FROM mine WHERE jobs.id = mine.id
RETURNING jobs.id, jobs.attempt, jobs.cancel_requested

-- name: databaseNow
-- The database's clock in epoch milliseconds. Leases and node liveness are judged on it, never on the nodes' own
-- clocks, which may disagree (LivenessClock). clock_timestamp(): the time of this statement, not of its transaction.
SELECT CAST(extract(epoch FROM clock_timestamp()) * 1000 AS bigint)

-- name: selectExpiredLeases
SELECT id, type, attempt, max_attempts, lease_owner, started_at, cancel_requested, tenant, concurrency_key FROM jobs
WHERE state = 'running' AND lease_expires_at < ?1
ORDER BY lease_expires_at LIMIT ?2 FOR UPDATE SKIP LOCKED

-- name: selectLeasesOfOwner
SELECT id, type, attempt, max_attempts, lease_owner, started_at, cancel_requested, tenant, concurrency_key FROM jobs
WHERE state = 'running' AND lease_owner = ?1
LIMIT ?2 FOR UPDATE SKIP LOCKED

-- name: takeBack
-- Ends a run the node did not finish: ?3 new state; ?4 1 when the attempt does not count; ?5 error; ?6 now
UPDATE jobs
SET state = ?3,
    max_attempts = max_attempts + ?4,
    last_error = ?5,
    run_at = ?6,
    finished_at = CASE WHEN CAST(?3 AS text) IN ('cancelled', 'dead') THEN ?6 END,
    expires_at = ?6 + CASE CAST(?3 AS text) WHEN 'cancelled' THEN retain_cancelled_ms WHEN 'dead' THEN retain_dead_ms END,
    lease_expires_at = NULL,
    cancel_requested = 0
WHERE id = ?1 AND state = 'running' AND attempt = ?2

-- name: deleteAttemptsOf
DELETE FROM job_attempts WHERE job_id IN (SELECT value::uuid FROM json_array_elements_text(CAST(?1 AS json)))

-- name: deleteJobs
DELETE FROM jobs WHERE id IN (SELECT value::uuid FROM json_array_elements_text(CAST(?1 AS json)))

-- name: deleteArtifactsOf
DELETE FROM artifacts WHERE job_id IN (SELECT value::uuid FROM json_array_elements_text(CAST(?1 AS json)))

-- name: artifactsPage
SELECT job_id, name, size, content_type, sha256, storage_key, created_at, missing_since FROM artifacts
WHERE (job_id, name) > (CAST(?1 AS uuid), ?2) ORDER BY job_id, name LIMIT ?3

-- name: artifactKeysOf
SELECT job_id, storage_key FROM artifacts WHERE job_id IN (SELECT value::uuid FROM json_array_elements_text(CAST(?1 AS json)))

-- name: artifactSetMissing
UPDATE artifacts SET missing_since = CASE WHEN CAST(?3 AS bigint) IS NULL THEN NULL ELSE coalesce(missing_since, CAST(?3 AS bigint)) END
WHERE job_id = ?1 AND name = ?2

-- name: insertJobsFromArrays
-- A whole batch in one statement; RETURNING names the rows inserted, so duplicates are still told apart per row.
INSERT INTO jobs (id, type, queue, state, priority, payload, max_attempts, attempt_budget, run_at, created_at,
                  timeout_ms, tenant, idempotency_key, unique_key, labels,
                  retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms, concurrency_key, concurrency_limit, traceparent)
SELECT t.id, t.type, t.queue, t.state, t.priority, t.payload, t.max_attempts, t.max_attempts, t.run_at, t.created_at,
       t.timeout_ms, t.tenant, t.idempotency_key, t.unique_key, t.labels, t.rs, t.rc, t.rd, t.ckey, t.climit, t.tp
FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[]), CAST(?5 AS integer[]),
            CAST(?6 AS text[]), CAST(?7 AS integer[]), CAST(?8 AS bigint[]), CAST(?9 AS bigint[]), CAST(?10 AS bigint[]),
            CAST(?11 AS text[]), CAST(?12 AS text[]), CAST(?13 AS text[]), CAST(?14 AS text[]),
            CAST(?15 AS bigint[]), CAST(?16 AS bigint[]), CAST(?17 AS bigint[]), CAST(?18 AS text[]),
            CAST(?19 AS integer[]), CAST(?20 AS text[]))
     WITH ORDINALITY AS t(id, type, queue, state, priority, payload, max_attempts, run_at, created_at, timeout_ms, tenant,
                          idempotency_key, unique_key, labels, rs, rc, rd, ckey, climit, tp, n)
ORDER BY t.n
ON CONFLICT DO NOTHING
RETURNING id

-- name: scheduleJobTypes
-- The job types schedules enqueue (from each definition's job template).
SELECT DISTINCT CAST(definition AS json)->'job'->>'type' FROM schedules

-- name: bulkLock
-- the operation's row, locked for its batch: a leader that overlaps another for a moment waits, then sees the cursor moved
SELECT {bulkColumns} FROM bulk_operations WHERE id = ?1 FOR UPDATE

-- name: jobCounts
-- ?1: one tenant, or null for all. Totals and the not yet folded log in one statement: one snapshot, so a fold
-- committing meanwhile is seen entirely or not at all.
SELECT queue, type, state, sum(n) FROM (
    SELECT tenant, queue, type, state, n FROM job_counts
    UNION ALL
    SELECT tenant, queue, type, state, n FROM job_counts_log
) c
WHERE CAST(?1 AS text) IS NULL OR tenant = ?1
GROUP BY queue, type, state HAVING sum(n) <> 0
ORDER BY queue, type, state

-- name: jobsFinishedPerMinute
-- Minutes from ?1 on; ?2: one tenant, or null for all. Totals and log in one statement, as jobCounts.
SELECT minute, queue, outcome, sum(n) FROM (
    SELECT minute, tenant, queue, outcome, n FROM job_throughput WHERE minute >= ?1
    UNION ALL
    SELECT minute, tenant, queue, outcome, n FROM job_throughput_log WHERE minute >= ?1
) t
WHERE CAST(?2 AS text) IS NULL OR tenant = ?2
GROUP BY minute, queue, outcome
ORDER BY minute, queue, outcome

-- name: jobCountsFold
-- Moves at most ?1 rows of the counters' log into the totals, in one statement (one transaction): a read sees them
-- in one or the other, never both. Returns how many rows moved. Only the leader folds; were two to fold at once, a
-- row deleted by one is skipped by the other.
WITH moved AS (
    DELETE FROM job_counts_log WHERE ctid = ANY (ARRAY(SELECT ctid FROM job_counts_log LIMIT ?1))
    RETURNING tenant, queue, type, state, n
), folded AS (
    INSERT INTO job_counts (tenant, queue, type, state, n)
    SELECT tenant, queue, type, state, sum(n) FROM moved GROUP BY tenant, queue, type, state
    ON CONFLICT (tenant, queue, type, state) DO UPDATE SET n = job_counts.n + excluded.n
    RETURNING 1
)
SELECT count(*) FROM moved

-- name: jobsFinishedFold
-- As jobCountsFold, for the runs ended per minute.
WITH moved AS (
    DELETE FROM job_throughput_log WHERE ctid = ANY (ARRAY(SELECT ctid FROM job_throughput_log LIMIT ?1))
    RETURNING minute, tenant, queue, outcome, n
), folded AS (
    INSERT INTO job_throughput (minute, tenant, queue, outcome, n)
    SELECT minute, tenant, queue, outcome, sum(n) FROM moved GROUP BY minute, tenant, queue, outcome
    ON CONFLICT (minute, tenant, queue, outcome) DO UPDATE SET n = job_throughput.n + excluded.n
    RETURNING 1
)
SELECT count(*) FROM moved

-- name: finishManyIfRunning
-- finishIfRunning for a batch in one statement (arrays through unnest; ?9, now, per finish too): the counters'
-- statement-level triggers then run once per batch, not once per job. The rows are locked in id order first, as
-- heartbeats lock them, so the two never deadlock. Returns the ids of the finishes applied (a batch names a job once).
WITH f AS (
    SELECT * FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS integer[]), CAST(?3 AS text[]), CAST(?4 AS text[]),
                         CAST(?5 AS bigint[]), CAST(?6 AS integer[]), CAST(?7 AS text[]), CAST(?8 AS text[]),
                         CAST(?9 AS bigint[]), CAST(?10 AS integer[]), CAST(?11 AS text[]))
        AS f(id, attempt, owner, state, run_at, snoozed, result, error, now, pp, pm)
), mine AS MATERIALIZED (
    SELECT jobs.id FROM jobs JOIN f ON jobs.id = f.id
    WHERE jobs.state = 'running' AND jobs.attempt = f.attempt AND jobs.lease_owner = f.owner
    ORDER BY jobs.id FOR UPDATE OF jobs
)
UPDATE jobs
SET state = f.state,
    progress_percent = coalesce(f.pp, jobs.progress_percent),
    progress_message = CASE WHEN f.pp IS NULL THEN jobs.progress_message ELSE f.pm END,
    run_at = coalesce(f.run_at, jobs.run_at),
    max_attempts = jobs.max_attempts + f.snoozed,
    result = coalesce(f.result, jobs.result),
    last_error = coalesce(f.error, jobs.last_error),
    finished_at = CASE WHEN f.state IN ('succeeded', 'cancelled', 'dead') THEN f.now END,
    expires_at = f.now + CASE f.state WHEN 'succeeded' THEN jobs.retain_succeeded_ms
                                      WHEN 'cancelled' THEN jobs.retain_cancelled_ms
                                      WHEN 'dead' THEN jobs.retain_dead_ms END,
    lease_expires_at = NULL,
    cancel_requested = 0
FROM f
WHERE jobs.id = f.id AND jobs.id IN (SELECT id FROM mine)
  AND jobs.state = 'running' AND jobs.attempt = f.attempt AND jobs.lease_owner = f.owner
RETURNING jobs.id

-- name: availableQueueAfter
-- Queue latency is a skip-scan of jobs_available: the next queue after ?1 with an available job, then per priority
-- its earliest run-at, one index probe each. A GROUP BY over available jobs would read every one of them: half a
-- million rows under a backlog at ten million jobs.
SELECT queue FROM jobs WHERE state = 'available' AND queue > ?1 ORDER BY queue LIMIT 1

-- name: availablePriorityBelow
SELECT priority FROM jobs WHERE state = 'available' AND queue = ?1 AND priority < ?2 ORDER BY priority DESC LIMIT 1

-- name: availableOldestRunAt
SELECT run_at FROM jobs WHERE state = 'available' AND queue = ?1 AND priority = ?2 ORDER BY run_at LIMIT 1
