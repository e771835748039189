-- Artifact content kept in the database, so every node serves every artifact with no shared directory. Content is
-- split into chunks (about 1 MiB) keyed by their byte offset: a write streams chunk by chunk and a Range request
-- reads from the chunk that holds its first byte. Content rows are written before the artifacts row that names
-- them and never updated; rows no artifact names are crash leftovers that the reconciler deletes.
CREATE TABLE artifact_chunks (
    job_id       uuid   NOT NULL,
    storage_key  text   NOT NULL,
    start_offset bigint NOT NULL,
    data         bytea  NOT NULL,
    PRIMARY KEY (job_id, storage_key, start_offset)
);
-- Artifacts are mostly compressed already (PDF, ZIP, video): store them out of line without trying to compress.
ALTER TABLE artifact_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
