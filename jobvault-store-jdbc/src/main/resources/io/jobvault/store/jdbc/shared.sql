-- Queries that are the same in every dialect, loaded after each dialect's jobs.sql (which holds what differs:
-- inserts, claims, rescue, pruning, listing). Parameters are numbered (?1, ?2, ...); names must not repeat a dialect's.

-- Jobs, attempts, tokens, artifacts, nodes

-- name: jobColumns
id, type, queue, state, priority, payload, attempt, max_attempts, run_at, created_at, started_at, finished_at,
timeout_ms, tenant, idempotency_key, unique_key, labels, progress_percent, progress_message, result, last_error,
lease_owner, lease_expires_at, cancel_requested, expires_at, concurrency_key, concurrency_limit, waits_for_key,
attempt_budget, traceparent

-- name: waitForLimit
-- A job over its concurrency key's or type's limit waits, without using an attempt, until ?2; ?3 is 1 when it waits
-- for its key (a run with the key ending wakes it sooner), 2 when for its type's rate limit. due_at keeps when it was
-- first due.
UPDATE jobs SET state = 'scheduled', due_at = coalesce(due_at, run_at), run_at = ?2, waits_for_key = ?3
WHERE id = ?1 AND state = 'available'

-- name: rateSlotsOldest
-- A rate-limited type's ?3 slots whose runs started longest ago, among its first ?2 (the limit).
SELECT slot, started_at FROM rate_slots WHERE type = ?1 AND slot < ?2 ORDER BY started_at, slot LIMIT ?3

-- name: rateSlotsCount
SELECT count(*) FROM rate_slots WHERE type = ?1 AND slot < ?2

-- name: rateSlotStart
-- A run starts in slot ?2 of type ?1 at ?3: the slot is created, or reused once its last start left the window.
INSERT INTO rate_slots (type, slot, started_at) VALUES (?1, ?2, ?3)
ON CONFLICT (type, slot) DO UPDATE SET started_at = excluded.started_at

-- name: findByIdempotencyKey
SELECT id FROM jobs WHERE tenant = ?1 AND idempotency_key = ?2

-- name: findActiveByUniqueKey
SELECT id FROM jobs
WHERE tenant = ?1 AND unique_key = ?2 AND state IN ('scheduled', 'available', 'running', 'retrying')

-- name: nextDueAt
SELECT min(run_at) FROM jobs WHERE state IN ('scheduled', 'retrying')

-- name: insertAttempt
INSERT INTO job_attempts (job_id, attempt, node, started_at, finished_at, outcome, error_message, error_type, stack_trace)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT DO NOTHING

-- name: progressIfRunning
UPDATE jobs SET progress_percent = ?4, progress_message = ?5
WHERE id = ?1 AND state = 'running' AND attempt = ?2 AND lease_owner = ?3

-- name: selectLease
SELECT cancel_requested, tenant, concurrency_key FROM jobs WHERE id = ?1 AND state = 'running' AND attempt = ?2 AND lease_owner = ?3

-- name: unclaim
-- Undoes a claim whose answer never reached its worker (?1 id, ?2 the attempt it claimed, ?3 owner): AVAILABLE again
-- with the start as before the claim, and no history, because the run never began. The attempt gives itself back as
-- a hand-back does (max_attempts + 1, so attemptsUsed is unchanged) but its number stays: it is the lease's fencing
-- token, and lowering it would make the undone lease (whose owner other replicas may share) valid for the next claim.
-- A run whose cancel was requested meanwhile is left to the lease's expiry, which records the cancel.
UPDATE jobs SET state = 'available', max_attempts = max_attempts + 1, lease_owner = NULL, lease_expires_at = NULL,
    started_at = (SELECT a.started_at FROM job_attempts a WHERE a.job_id = jobs.id ORDER BY a.attempt DESC LIMIT 1)
WHERE id = ?1 AND state = 'running' AND attempt = ?2 AND lease_owner = ?3 AND cancel_requested = 0
RETURNING queue, tenant, concurrency_key

-- name: selectExpired
SELECT id FROM jobs WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2

-- name: pruneBacklogOldest
-- The end of retention of the finished job waiting longest to be pruned (one probe of the expiry index).
SELECT expires_at FROM jobs WHERE expires_at <= ?1 ORDER BY expires_at LIMIT 1

-- name: pruneBacklogCount
-- Finished jobs past their retention, counted up to ?2 (a range of the expiry index, never the whole table).
SELECT count(*) FROM (SELECT 1 FROM jobs WHERE expires_at <= ?1 LIMIT ?2) waiting

-- name: getJob
SELECT {jobColumns} FROM jobs WHERE id = ?1

-- name: cancelWaiting
UPDATE jobs
SET state = 'cancelled', finished_at = ?2, expires_at = ?2 + retain_cancelled_ms, last_error = 'cancelled before it ran'
WHERE id = ?1 AND state IN ('scheduled', 'available', 'retrying')

-- name: requestCancel
UPDATE jobs SET cancel_requested = 1 WHERE id = ?1 AND state = 'running'

-- name: retryFinished
UPDATE jobs
SET state = 'available', max_attempts = attempt + attempt_budget, run_at = ?2, due_at = NULL, finished_at = NULL,
    expires_at = NULL, cancel_requested = 0, result = NULL
WHERE id = ?1 AND state IN ('dead', 'cancelled')

-- name: runNow
-- A waiting job made due now; not one a limit holds back (due_at set: a claim would only hold it back again).
UPDATE jobs SET state = 'available', run_at = ?2
WHERE id = ?1 AND state IN ('scheduled', 'retrying') AND due_at IS NULL

-- name: attemptsOf
SELECT attempt, node, started_at, finished_at, outcome, error_message, error_type, stack_trace
FROM job_attempts WHERE job_id = ?1 ORDER BY attempt

-- name: metaGet
SELECT value FROM jobvault_meta WHERE key = ?1

-- name: metaInsert
INSERT INTO jobvault_meta (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING

-- name: metaPut
INSERT INTO jobvault_meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value

-- name: tokenInsert
INSERT INTO api_tokens (id, name, tenant, scopes, secret_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)

-- name: tokenByHash
SELECT id, name, tenant, scopes, created_at, revoked_at FROM api_tokens WHERE secret_hash = ?1

-- name: tokenById
SELECT id, name, tenant, scopes, created_at, revoked_at FROM api_tokens WHERE id = ?1

-- name: tokenList
SELECT id, name, tenant, scopes, created_at, revoked_at FROM api_tokens ORDER BY created_at, id

-- name: tokenRevoke
UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL

-- name: tokenCountActiveAdmin
SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL AND tenant IS NULL AND (',' || scopes || ',') LIKE '%,admin,%'

-- name: deleteJob
DELETE FROM jobs WHERE id = ?1

-- name: insertDeletedJob
-- remembers a deletion, so the id answers "deleted" rather than "expired"
INSERT INTO deleted_jobs (id, deleted_at) VALUES (?1, ?2) ON CONFLICT (id) DO NOTHING

-- name: jobWasDeleted
SELECT 1 FROM deleted_jobs WHERE id = ?1

-- name: deletedJobsPrune
DELETE FROM deleted_jobs WHERE id IN (SELECT id FROM deleted_jobs WHERE deleted_at < ?1 ORDER BY deleted_at LIMIT ?2)

-- name: deleteAttemptsOfJob
DELETE FROM job_attempts WHERE job_id = ?1

-- name: runningByNode
SELECT lease_owner, count(*) AS n FROM jobs WHERE state = 'running' GROUP BY lease_owner

-- name: artifactKeyOf
SELECT storage_key FROM artifacts WHERE job_id = ?1 AND name = ?2

-- name: artifactUpsert
INSERT INTO artifacts (job_id, name, size, content_type, sha256, storage_key, attempt, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT (job_id, name) DO UPDATE SET size = excluded.size, content_type = excluded.content_type,
    sha256 = excluded.sha256, storage_key = excluded.storage_key, attempt = excluded.attempt,
    created_at = excluded.created_at

-- name: artifactsOf
SELECT name, size, content_type, sha256, storage_key, created_at, missing_since FROM artifacts WHERE job_id = ?1 ORDER BY name

-- name: artifactGet
SELECT name, size, content_type, sha256, storage_key, created_at, missing_since FROM artifacts WHERE job_id = ?1 AND name = ?2

-- name: artifactsMissingCount
SELECT count(*) FROM artifacts WHERE missing_since IS NOT NULL

-- name: nodeHeartbeat
-- ?3: the job types the node has handlers for, a JSON array; ?4 its version, ?5 its clock's skew in ms (or null)
INSERT INTO jobvault_nodes (id, heartbeat_at, started_at, job_types, version, clock_skew_ms) VALUES (?1, ?2, ?2, ?3, ?4, ?5)
ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, job_types = excluded.job_types,
    version = excluded.version, clock_skew_ms = excluded.clock_skew_ms

-- name: nodesList
SELECT id, started_at, heartbeat_at, version, clock_skew_ms FROM jobvault_nodes ORDER BY id

-- name: liveNodeJobTypes
SELECT job_types FROM jobvault_nodes WHERE heartbeat_at >= ?1

-- name: workerJobTypeSeen
INSERT INTO worker_job_types (tenant, type, seen_at) VALUES (?1, ?2, ?3)
ON CONFLICT (tenant, type) DO UPDATE SET seen_at = excluded.seen_at

-- name: workerJobTypesForget
DELETE FROM worker_job_types WHERE seen_at < ?1

-- name: workerJobTypesSince
SELECT tenant, type FROM worker_job_types WHERE seen_at >= ?1

-- name: nodesSilentSince
SELECT id FROM jobvault_nodes WHERE heartbeat_at < ?1 ORDER BY id

-- name: nodeForget
DELETE FROM jobvault_nodes WHERE id = ?1

-- name: leaderElect
-- Takes the role when it is free, expired, or already ours; otherwise changes nothing.
INSERT INTO jobvault_leader (role, holder, expires_at) VALUES (?1, ?2, ?3)
ON CONFLICT (role) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE jobvault_leader.expires_at < ?4 OR jobvault_leader.holder = excluded.holder

-- name: leaderHolder
SELECT holder FROM jobvault_leader WHERE role = ?1

-- name: leaderResign
DELETE FROM jobvault_leader WHERE role = ?1 AND holder = ?2


-- Schedules, fires and the audit log

-- name: scheduleColumns
id, definition, paused, next_fire_at, last_fire_at, source, created_at, updated_at, skipped_in_row

-- name: scheduleUpsert
INSERT INTO schedules (id, definition, paused, next_fire_at, last_fire_at, source, created_at, updated_at)
VALUES (?1, ?2, 0, ?3, NULL, ?4, ?5, ?5)
ON CONFLICT (id) DO UPDATE SET definition = excluded.definition, next_fire_at = excluded.next_fire_at,
    source = excluded.source, updated_at = excluded.updated_at

-- name: scheduleGet
SELECT {scheduleColumns} FROM schedules WHERE id = ?1

-- name: scheduleList
SELECT {scheduleColumns} FROM schedules ORDER BY id

-- name: scheduleDelete
DELETE FROM schedules WHERE id = ?1

-- name: scheduleDeleteFires
DELETE FROM schedule_fires WHERE schedule_id = ?1

-- name: scheduleDeleteFireJobs
DELETE FROM schedule_fire_jobs WHERE schedule_id = ?1

-- name: scheduleSetPaused
UPDATE schedules SET paused = ?2, updated_at = ?3 WHERE id = ?1

-- name: schedulesDue
SELECT {scheduleColumns} FROM schedules WHERE paused = 0 AND next_fire_at <= ?1 ORDER BY next_fire_at LIMIT ?2

-- name: schedulesSkipping
SELECT {scheduleColumns} FROM schedules WHERE skipped_in_row > 0 ORDER BY id LIMIT ?1

-- name: scheduleAdvance
-- compare-and-set: only the node that still sees ?2 as the next fire records this step (and its count of skips)
UPDATE schedules SET next_fire_at = ?3, skipped_in_row = coalesce(CAST(?4 AS integer), skipped_in_row)
WHERE id = ?1 AND next_fire_at = ?2

-- name: scheduleSetLastFire
UPDATE schedules SET last_fire_at = ?2 WHERE id = ?1 AND (last_fire_at IS NULL OR last_fire_at <= ?2)

-- name: fireColumns
schedule_id, fire_at, kind, status, reason, keys, deadline_at, overdue_at, triggered_by, created_at, rerun_of

-- name: fireInsert
INSERT INTO schedule_fires ({fireColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
ON CONFLICT DO NOTHING

-- name: fireJobInsert
INSERT INTO schedule_fire_jobs (schedule_id, fire_at, kind, fire_key, job_id) VALUES (?1, ?2, ?3, ?4, ?5)

-- name: firesOf
SELECT {fireColumns} FROM schedule_fires WHERE schedule_id = ?1 AND fire_at < ?2 ORDER BY fire_at DESC, kind LIMIT ?3

-- name: fireGet
SELECT {fireColumns} FROM schedule_fires WHERE schedule_id = ?1 AND fire_at = ?2 AND kind = ?3

-- name: fireJobsBetween
-- The jobs of the fires from ?2 to ?3: one read for a page of fires (the primary key's prefix finds them).
SELECT f.fire_at, f.fire_key, f.kind, f.job_id, j.state, j.result FROM schedule_fire_jobs f LEFT JOIN jobs j ON j.id = f.job_id
WHERE f.schedule_id = ?1 AND f.fire_at >= ?2 AND f.fire_at <= ?3 ORDER BY f.fire_at, f.fire_key, f.kind

-- name: firesPastDeadline
SELECT {fireColumns} FROM schedule_fires
WHERE status IN ('enqueued', 'awaiting-keys') AND deadline_at IS NOT NULL AND overdue_at IS NULL AND deadline_at <= ?1
ORDER BY deadline_at LIMIT ?2

-- name: firesAwaitingKeys
-- Fires whose key-source job has not yet named their fan-out keys.
SELECT {fireColumns} FROM schedule_fires WHERE status = 'awaiting-keys' ORDER BY fire_at LIMIT ?1

-- name: fireSetKeys
-- compare-and-set: a fire's keys are settled once, by the node that still sees it awaiting them
UPDATE schedule_fires SET status = ?4, keys = ?5, reason = coalesce(?6, reason)
WHERE schedule_id = ?1 AND fire_at = ?2 AND kind = ?3 AND status = 'awaiting-keys'

-- name: fireMarkOverdue
UPDATE schedule_fires SET overdue_at = ?4 WHERE schedule_id = ?1 AND fire_at = ?2 AND kind = ?3 AND overdue_at IS NULL

-- name: fireMarkCompleted
UPDATE schedule_fires SET status = 'completed' WHERE schedule_id = ?1 AND fire_at = ?2 AND kind = ?3
    AND status = 'enqueued' AND overdue_at IS NULL AND CAST(?4 AS bigint) IS NOT NULL

-- name: firesOlderThan
SELECT schedule_id, fire_at, kind FROM schedule_fires WHERE fire_at < ?1 ORDER BY fire_at LIMIT ?2

-- name: fireDelete
DELETE FROM schedule_fires WHERE schedule_id = ?1 AND fire_at = ?2 AND kind = ?3

-- name: fireDeleteJobs
-- every link of the fire time, re-runs' included (they have no fire row of their own there)
DELETE FROM schedule_fire_jobs WHERE schedule_id = ?1 AND fire_at = ?2 AND CAST(?3 AS text) IS NOT NULL

-- name: auditInsert
INSERT INTO audit_log (at, actor, action, target, reason, details) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id

-- name: auditList
SELECT id, at, actor, action, target, reason, details FROM audit_log WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2

-- Alerts

-- name: alertColumns
id, key, rule, severity, title, message, hint, context, raised_at, resolved_at, acknowledged_at, acknowledged_by

-- name: alertOpen
INSERT INTO alerts (key, rule, severity, title, message, hint, context, raised_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
ON CONFLICT DO NOTHING
RETURNING id

-- name: alertsOpen
SELECT {alertColumns} FROM alerts WHERE resolved_at IS NULL ORDER BY id

-- name: alertResolve
UPDATE alerts SET resolved_at = ?2 WHERE id = ?1 AND resolved_at IS NULL
RETURNING {alertColumns}

-- name: alertAcknowledge
UPDATE alerts SET acknowledged_by = ?2, acknowledged_at = ?3
WHERE id = ?1 AND resolved_at IS NULL AND acknowledged_at IS NULL
RETURNING {alertColumns}

-- name: alertById
SELECT {alertColumns} FROM alerts WHERE id = ?1

-- name: alertsSince
SELECT {alertColumns} FROM alerts WHERE raised_at >= ?1 OR resolved_at >= ?1 OR resolved_at IS NULL
ORDER BY id DESC LIMIT ?2

-- name: finishedCountsSince
-- the newest ?2 jobs created since ?1 (a bounded walk down the primary key), finished ones counted
SELECT type, queue, state, count(*) AS n
FROM (SELECT type, queue, state FROM jobs WHERE id >= ?1 ORDER BY id DESC LIMIT ?2) recent
WHERE state IN ('succeeded', 'dead', 'cancelled')
GROUP BY type, queue, state

-- Health report

-- name: recoverySince
-- jobs that failed an attempt, then succeeded: time from the first failure to the success
SELECT count(*), avg(j.finished_at - f.first_failed) FROM jobs j
JOIN (SELECT job_id, min(finished_at) AS first_failed FROM job_attempts WHERE job_id >= ?1 GROUP BY job_id) f
  ON f.job_id = j.id
WHERE j.state = 'succeeded' AND j.id >= ?1

-- name: pickupSince
-- from when the job was due to its start (a job a limit held back got its first due time back as run_at at its start)
SELECT started_at - run_at FROM jobs WHERE id >= ?1 AND started_at IS NOT NULL ORDER BY id DESC LIMIT ?2

-- History pruning

-- name: alertsPrune
DELETE FROM alerts WHERE id IN (SELECT id FROM alerts WHERE resolved_at IS NOT NULL AND resolved_at < ?1 ORDER BY id LIMIT ?2)

-- name: auditPrune
DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ?1 ORDER BY id LIMIT ?2)

-- Bulk operations and paused queues

-- name: bulkColumns
id, action, filter, state, matched, done, cursor_id, actor, created_at, updated_at, finished_at

-- name: bulkInsert
INSERT INTO bulk_operations (id, action, filter, state, matched, done, cursor_id, actor, created_at, updated_at, finished_at)
VALUES (?1, ?2, ?3, 'running', 0, 0, NULL, ?4, ?5, ?5, NULL)

-- name: bulkGet
SELECT {bulkColumns} FROM bulk_operations WHERE id = ?1

-- name: bulkStop
UPDATE bulk_operations SET state = 'stopped', updated_at = ?2, finished_at = ?2 WHERE id = ?1 AND state = 'running'

-- name: bulkRunning
SELECT {bulkColumns} FROM bulk_operations WHERE state = 'running' ORDER BY created_at LIMIT ?1

-- name: bulkAdvance
-- a batch's outcome, in the batch's transaction; ?5 is 'running' or 'done'
UPDATE bulk_operations SET matched = matched + ?2, done = done + ?3, cursor_id = ?4, state = ?5, updated_at = ?6,
                           finished_at = ?7
WHERE id = ?1 AND state = 'running'

-- name: bulkPrune
DELETE FROM bulk_operations WHERE id IN
    (SELECT id FROM bulk_operations WHERE finished_at IS NOT NULL AND finished_at < ?1 ORDER BY finished_at LIMIT ?2)

-- name: queuePause
INSERT INTO paused_queues (queue, paused_at) VALUES (?1, ?2) ON CONFLICT (queue) DO NOTHING

-- name: queueResume
DELETE FROM paused_queues WHERE queue = ?1

-- name: queuesPaused
SELECT queue, paused_at FROM paused_queues ORDER BY queue

-- Job counters and per-minute figures (kept by triggers, see the job_counts migrations)

-- name: jobsFinishedPrune
DELETE FROM job_throughput WHERE (minute, tenant, queue, outcome) IN (
    SELECT minute, tenant, queue, outcome FROM job_throughput WHERE minute < ?1 ORDER BY minute LIMIT ?2)

-- name: jobCountsForgetZero
-- A key whose jobs are all gone adds nothing to any read; forgetting it keeps the counters as few as the live keys.
DELETE FROM job_counts WHERE (tenant, queue, type, state) IN (
    SELECT tenant, queue, type, state FROM job_counts WHERE n = 0 LIMIT ?1)
