-- SQLite queries of the job store: those that differ between dialects (the rest are in ../jdbc/shared.sql). One
-- named query per block ("-- name: x"); {jobColumns} expands to the columns a Job is read from. Every time comes in as a parameter: the engine's clock is the only clock.

-- lease_owner is kept when a run ends: it then names the node that ran the job last.

-- name: insertJob
INSERT INTO jobs (id, type, queue, state, priority, payload, max_attempts, attempt_budget, run_at, created_at,
                  timeout_ms, tenant, idempotency_key, unique_key, labels,
                  retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms, concurrency_key, concurrency_limit, traceparent)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)
ON CONFLICT DO NOTHING

-- name: insertJobSucceeded
-- A job whose work was done without the store (an alert delivery sent while it was unreachable), recorded finished:
-- one attempt by node ?16, created, started and finished at ?7, kept for its succeeded retention; it never runs.
INSERT INTO jobs (id, type, queue, state, priority, payload, attempt, max_attempts, attempt_budget, run_at, created_at,
                  started_at, finished_at, timeout_ms, tenant, idempotency_key, labels, result,
                  retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms, expires_at, lease_owner)
VALUES (?1, ?2, ?3, 'succeeded', ?4, ?5, 1, ?6, ?6, ?7, ?7, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?7 + ?13, ?16)
ON CONFLICT DO NOTHING

-- name: heldInWindow
-- The jobs of the queue's next ?2 available (?6: of one tenant, null: any) that a limit applies to - a concurrency key,
-- or a rate-limited type (?7, a JSON array) - for JdbcClaims to gate. Read after claimWindow, only when it started fewer
-- than it was asked for: the window's jobs it left are then the queue's next ones, so ?2 is what it did not start.
SELECT {jobColumns} FROM jobs
WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND queue = ?1 AND (?6 IS NULL OR tenant = ?6)
                 AND NOT EXISTS (SELECT 1 FROM paused_queues WHERE queue = ?1)
             ORDER BY priority DESC, run_at, id LIMIT ?2)
  AND (concurrency_key IS NOT NULL OR type IN (SELECT value FROM json_each(?7)))

-- name: claimWindow
-- Starts the jobs of the queue's next ?2 available that no limit applies to (the one writer connection makes this and
-- heldInWindow one snapshot). A paused queue gives none.
UPDATE jobs
SET state = 'running', attempt = attempt + 1, lease_owner = ?3, lease_expires_at = ?4, started_at = ?5, waits_for_key = 0
WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND queue = ?1 AND (?6 IS NULL OR tenant = ?6)
                 AND NOT EXISTS (SELECT 1 FROM paused_queues WHERE queue = ?1)
             ORDER BY priority DESC, run_at, id LIMIT ?2)
  AND concurrency_key IS NULL AND type NOT IN (SELECT value FROM json_each(?7))
RETURNING {jobColumns}

-- name: startHeld
-- Starts the jobs (?1, a JSON array of ids) that a limit held back and JdbcClaims then let through. One that waited
-- gets its first due time back as run_at, so that its pickup latency counts the wait.
UPDATE jobs SET state = 'running', attempt = attempt + 1, lease_owner = ?2, lease_expires_at = ?3, started_at = ?4,
                waits_for_key = 0, run_at = coalesce(due_at, run_at), due_at = NULL
WHERE id IN (SELECT value FROM json_each(?1)) AND state = 'available'
RETURNING {jobColumns}

-- name: keysWithWaiters
-- Which of the keys ?1 (a JSON array) have jobs waiting for them (the partial index holds only waiters).
SELECT DISTINCT tenant, concurrency_key FROM jobs
WHERE state = 'scheduled' AND waits_for_key = 1 AND concurrency_key IN (SELECT value FROM json_each(?1))

-- name: wakeKeyWaiters
-- A run with key ?2 (tenant ?1) ended: the ?3 waiters due longest (every waiter has due_at) may run now.
UPDATE jobs SET state = 'available', waits_for_key = 0
WHERE id IN (SELECT id FROM jobs WHERE state = 'scheduled' AND waits_for_key = 1 AND tenant = ?1 AND concurrency_key = ?2
             ORDER BY due_at, id LIMIT ?3)
RETURNING queue

-- name: runningByKey
-- How many jobs run per concurrency key, for the keys of ?1 (a JSON array).
SELECT tenant, concurrency_key, count(*) FROM jobs
WHERE state = 'running' AND concurrency_key IN (SELECT value FROM json_each(?1))
GROUP BY tenant, concurrency_key

-- name: promoteDue
UPDATE jobs SET state = 'available'
WHERE id IN (SELECT id FROM jobs WHERE state IN ('scheduled', 'retrying') AND run_at <= ?1 ORDER BY run_at LIMIT ?2)
RETURNING queue

-- name: finishIfRunning
-- ?4 new state, ?5 run-at (null keeps it), ?6 1 when snoozed (one more attempt), ?7 result, ?8 error, ?9 now,
-- ?10/?11 the last progress reported (null keeps the stored one)
UPDATE jobs
SET state = ?4,
    progress_percent = coalesce(?10, progress_percent),
    progress_message = CASE WHEN ?10 IS NULL THEN progress_message ELSE ?11 END,
    run_at = coalesce(?5, run_at),
    max_attempts = max_attempts + ?6,
    result = coalesce(?7, result),
    last_error = coalesce(?8, last_error),
    finished_at = CASE WHEN ?4 IN ('succeeded', 'cancelled', 'dead') THEN ?9 END,
    expires_at = ?9 + CASE ?4 WHEN 'succeeded' THEN retain_succeeded_ms
                              WHEN 'cancelled' THEN retain_cancelled_ms
                              WHEN 'dead' THEN retain_dead_ms END,
    lease_expires_at = NULL,
    cancel_requested = 0
WHERE id = ?1 AND state = 'running' AND attempt = ?2 AND lease_owner = ?3

-- name: heartbeat
-- ?3: the leases, a JSON object of job id -> attempt. Fenced by the attempt (the fencing token) like every other
-- write of a run: a stale run's heartbeat does not extend the lease of the job's current run, even under the same owner.
UPDATE jobs SET lease_expires_at = ?2
WHERE state = 'running' AND lease_owner = ?1 AND id IN (SELECT key FROM json_each(?3))
  AND (id, attempt) IN (SELECT key, value FROM json_each(?3))
RETURNING id, attempt, cancel_requested

-- name: selectExpiredLeases
SELECT id, type, attempt, max_attempts, lease_owner, started_at, cancel_requested, tenant, concurrency_key FROM jobs
WHERE state = 'running' AND lease_expires_at < ?1
ORDER BY lease_expires_at LIMIT ?2

-- name: selectLeasesOfOwner
SELECT id, type, attempt, max_attempts, lease_owner, started_at, cancel_requested, tenant, concurrency_key FROM jobs
WHERE state = 'running' AND lease_owner = ?1
LIMIT ?2

-- name: takeBack
-- Ends a run the node did not finish: ?3 new state; ?4 1 when the attempt does not count; ?5 error; ?6 now
UPDATE jobs
SET state = ?3,
    max_attempts = max_attempts + ?4,
    last_error = ?5,
    run_at = ?6,
    finished_at = CASE WHEN ?3 IN ('cancelled', 'dead') THEN ?6 END,
    expires_at = ?6 + CASE ?3 WHEN 'cancelled' THEN retain_cancelled_ms WHEN 'dead' THEN retain_dead_ms END,
    lease_expires_at = NULL,
    cancel_requested = 0
WHERE id = ?1 AND state = 'running' AND attempt = ?2

-- name: deleteAttemptsOf
DELETE FROM job_attempts WHERE job_id IN (SELECT value FROM json_each(?1))

-- name: deleteJobs
DELETE FROM jobs WHERE id IN (SELECT value FROM json_each(?1))

-- name: deleteArtifactsOf
DELETE FROM artifacts WHERE job_id IN (SELECT value FROM json_each(?1))

-- name: artifactsPage
SELECT job_id, name, size, content_type, sha256, storage_key, created_at, missing_since FROM artifacts
WHERE (job_id, name) > (?1, ?2) ORDER BY job_id, name LIMIT ?3

-- name: artifactKeysOf
SELECT job_id, storage_key FROM artifacts WHERE job_id IN (SELECT value FROM json_each(?1))

-- name: artifactSetMissing
UPDATE artifacts SET missing_since = CASE WHEN ?3 IS NULL THEN NULL ELSE coalesce(missing_since, ?3) END
WHERE job_id = ?1 AND name = ?2

-- name: scheduleJobTypes
-- The job types schedules enqueue (from each definition's job template).
SELECT DISTINCT json_extract(definition, '$.job.type') FROM schedules

-- name: bulkLock
-- the operation's row for its batch (the one writer connection serializes batches)
SELECT {bulkColumns} FROM bulk_operations WHERE id = ?1

-- name: jobCounts
-- ?1: one tenant, or null for all. The triggers keep the totals in place (one writer at a time).
SELECT queue, type, state, sum(n) FROM job_counts
WHERE ?1 IS NULL OR tenant = ?1
GROUP BY queue, type, state HAVING sum(n) <> 0
ORDER BY queue, type, state

-- name: jobsFinishedPerMinute
-- Minutes from ?1 on; ?2: one tenant, or null for all.
SELECT minute, queue, outcome, sum(n) FROM job_throughput
WHERE minute >= ?1 AND (?2 IS NULL OR tenant = ?2)
GROUP BY minute, queue, outcome
ORDER BY minute, queue, outcome

-- name: countsDefer
-- ?1: 1 while the writer totals a batched statement's count changes itself (see migration V17), then 0 again
UPDATE job_counts_deferred SET deferred = ?1

-- name: countsAdd
INSERT INTO job_counts (tenant, queue, type, state, n) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (tenant, queue, type, state) DO UPDATE SET n = n + excluded.n

-- name: throughputAdd
INSERT INTO job_throughput (minute, tenant, queue, outcome, n) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (minute, tenant, queue, outcome) DO UPDATE SET n = n + excluded.n

-- name: finishKeys
-- the counters' keys of the jobs (?1, a JSON array of ids) a batch of finishes is about
SELECT id, tenant, queue, type FROM jobs WHERE id IN (SELECT value FROM json_each(?1))

-- name: availableQueueAfter
-- Queue latency is a skip-scan of jobs_available: the next queue after ?1 with an available job, then per priority
-- its earliest run-at, one index probe each. A GROUP BY over available jobs would read every one of them: half a
-- million rows under a backlog at ten million jobs.
-- INDEXED BY: without ANALYZE, SQLite takes jobs_state (state = ?) and reads every available row.
SELECT queue FROM jobs INDEXED BY jobs_available WHERE state = 'available' AND queue > ?1 ORDER BY queue LIMIT 1

-- name: availablePriorityBelow
SELECT priority FROM jobs INDEXED BY jobs_available WHERE state = 'available' AND queue = ?1 AND priority < ?2 ORDER BY priority DESC LIMIT 1

-- name: availableOldestRunAt
SELECT run_at FROM jobs INDEXED BY jobs_available WHERE state = 'available' AND queue = ?1 AND priority = ?2 ORDER BY run_at LIMIT 1
