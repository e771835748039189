-- Artifact content in the database (PostgreSQL). Parameters are numbered (?1, ?2, ...).

-- name: chunkInsert
INSERT INTO artifact_chunks (job_id, storage_key, start_offset, data) VALUES (?1, ?2, ?3, ?4)

-- name: chunkAt
-- the chunk holding byte ?3
SELECT start_offset, data FROM artifact_chunks WHERE job_id = ?1 AND storage_key = ?2 AND start_offset <= ?3
ORDER BY start_offset DESC LIMIT 1

-- name: contentExists
SELECT 1 FROM artifact_chunks WHERE job_id = ?1 AND storage_key = ?2 AND start_offset = 0

-- name: contentExisting
-- which of the keys in the JSON array ?1 have content (keys start with their job id)
SELECT c.storage_key FROM artifact_chunks c
WHERE c.start_offset = 0 AND (c.job_id, c.storage_key) IN (
    SELECT CAST(split_part(k.value, '/', 1) AS uuid), k.value FROM json_array_elements_text(CAST(?1 AS json)) k)

-- name: contentDelete
DELETE FROM artifact_chunks WHERE job_id = ?1 AND storage_key = ?2

-- name: contentDeleteJob
DELETE FROM artifact_chunks WHERE job_id = ?1

-- name: contentUnreferenced
-- content whose first chunk no artifacts row names, in key order after (?1, ?2)
SELECT c.job_id, c.storage_key FROM artifact_chunks c
WHERE c.start_offset = 0 AND (c.job_id, c.storage_key) > (CAST(?1 AS uuid), CAST(?2 AS text))
  AND NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.job_id = c.job_id AND a.storage_key = c.storage_key)
ORDER BY c.job_id, c.storage_key LIMIT ?3
