-- SQLite queries of the job store. One named query per block ("-- name: x"); {jobColumns} expands to the
-- columns a Job is read from. Every time comes in as a parameter: the engine's clock is the only clock.

-- lease_owner is kept when a run ends: it then names the node that ran the job last.

-- name: jobColumns
id, type, queue, state, priority, payload, attempt, max_attempts, run_at, created_at, started_at, finished_at,
timeout_ms, tenant, idempotency_key, unique_key, labels, progress_percent, progress_message, result, last_error,
lease_owner, lease_expires_at, cancel_requested, expires_at

-- name: insertJob
INSERT INTO jobs (id, type, queue, state, priority, payload, max_attempts, attempt_budget, run_at, created_at,
                  timeout_ms, tenant, idempotency_key, unique_key, labels,
                  retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
ON CONFLICT DO NOTHING

-- name: findByIdempotencyKey
SELECT id FROM jobs WHERE tenant = ?1 AND idempotency_key = ?2

-- name: findActiveByUniqueKey
SELECT id FROM jobs
WHERE tenant = ?1 AND unique_key = ?2 AND state IN ('scheduled', 'available', 'running', 'retrying')

-- name: claimAvailable
UPDATE jobs
SET state = 'running', attempt = attempt + 1, lease_owner = ?3, lease_expires_at = ?4, started_at = ?5
WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND queue = ?1
             ORDER BY priority DESC, run_at, id LIMIT ?2)
RETURNING {jobColumns}

-- name: claimAvailableForTenant
UPDATE jobs
SET state = 'running', attempt = attempt + 1, lease_owner = ?3, lease_expires_at = ?4, started_at = ?5
WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND queue = ?1 AND tenant = ?6
             ORDER BY priority DESC, run_at, id LIMIT ?2)
RETURNING {jobColumns}

-- name: promoteDue
UPDATE jobs SET state = 'available'
WHERE id IN (SELECT id FROM jobs WHERE state IN ('scheduled', 'retrying') AND run_at <= ?1 ORDER BY run_at LIMIT ?2)
RETURNING queue

-- name: nextDueAt
SELECT min(run_at) FROM jobs WHERE state IN ('scheduled', 'retrying')

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

-- name: insertAttempt
INSERT INTO job_attempts (job_id, attempt, node, started_at, finished_at, outcome, error_message, error_type, stack_trace)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT DO NOTHING

-- name: heartbeat
UPDATE jobs SET lease_expires_at = ?2
WHERE state = 'running' AND lease_owner = ?1 AND id IN (SELECT value FROM json_each(?3))
RETURNING id, attempt, cancel_requested

-- name: progressIfRunning
UPDATE jobs SET progress_percent = ?4, progress_message = ?5
WHERE id = ?1 AND state = 'running' AND attempt = ?2 AND lease_owner = ?3

-- name: selectExpiredLeases
SELECT id, type, attempt, max_attempts, lease_owner, started_at, cancel_requested FROM jobs
WHERE state = 'running' AND lease_expires_at < ?1
ORDER BY lease_expires_at LIMIT ?2

-- name: selectLeasesOfOwner
SELECT id, type, attempt, max_attempts, lease_owner, started_at, cancel_requested FROM jobs
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

-- name: selectLease
SELECT cancel_requested FROM jobs WHERE id = ?1 AND state = 'running' AND attempt = ?2 AND lease_owner = ?3

-- name: selectExpired
SELECT id FROM jobs WHERE expires_at <= ?1 ORDER BY expires_at LIMIT ?2

-- name: deleteAttemptsOf
DELETE FROM job_attempts WHERE job_id IN (SELECT value FROM json_each(?1))

-- name: deleteJobs
DELETE FROM jobs WHERE id IN (SELECT value FROM json_each(?1))

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
SET state = 'available', max_attempts = attempt + attempt_budget, run_at = ?2, finished_at = NULL,
    expires_at = NULL, cancel_requested = 0, result = NULL
WHERE id = ?1 AND state IN ('dead', 'cancelled')

-- name: attemptsOf
SELECT attempt, node, started_at, finished_at, outcome, error_message, error_type, stack_trace
FROM job_attempts WHERE job_id = ?1 ORDER BY attempt

-- name: metaGet
SELECT value FROM jobvault_meta WHERE key = ?1

-- name: metaInsert
INSERT INTO jobvault_meta (key, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING

-- name: tokenInsert
INSERT INTO api_tokens (id, name, tenant, scopes, secret_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)

-- name: tokenByHash
SELECT id, name, tenant, scopes, created_at, revoked_at FROM api_tokens WHERE secret_hash = ?1

-- name: tokenList
SELECT id, name, tenant, scopes, created_at, revoked_at FROM api_tokens ORDER BY created_at, id

-- name: tokenRevoke
UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL

-- name: tokenCountActiveAdmin
SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL AND tenant IS NULL AND (',' || scopes || ',') LIKE '%,admin,%'

-- name: deleteJob
DELETE FROM jobs WHERE id = ?1

-- name: deleteAttemptsOfJob
DELETE FROM job_attempts WHERE job_id = ?1

-- name: countUnfinished
SELECT queue, state, count(*) AS n FROM jobs
WHERE state IN ('scheduled', 'available', 'running', 'retrying') GROUP BY queue, state

-- name: oldestAvailableRunAt
SELECT min(run_at) FROM jobs WHERE state = 'available'

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

-- name: deleteArtifactsOf
DELETE FROM artifacts WHERE job_id IN (SELECT value FROM json_each(?1))

-- name: artifactsPage
SELECT job_id, name, size, content_type, sha256, storage_key, created_at, missing_since FROM artifacts
WHERE (job_id, name) > (?1, ?2) ORDER BY job_id, name LIMIT ?3

-- name: artifactSetMissing
UPDATE artifacts SET missing_since = CASE WHEN ?3 IS NULL THEN NULL ELSE coalesce(missing_since, ?3) END
WHERE job_id = ?1 AND name = ?2

-- name: artifactsMissingCount
SELECT count(*) FROM artifacts WHERE missing_since IS NOT NULL

-- name: nodeHeartbeat
INSERT INTO jobvault_nodes (id, heartbeat_at, started_at) VALUES (?1, ?2, ?2)
ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at

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
