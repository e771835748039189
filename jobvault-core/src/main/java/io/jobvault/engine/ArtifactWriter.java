package io.jobvault.engine;

import io.jobvault.Artifact;
import io.jobvault.LeaseLostException;
import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.artifact.ArtifactWriteFailures;
import io.jobvault.store.ArtifactPut;
import io.jobvault.store.ArtifactPutResult;
import io.jobvault.store.JobStore;
import io.jobvault.store.WriteFailure;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's artifact: the content first (durable), then its metadata fenced by the lease. A stale run's content
 * is deleted again and the handler gets {@link LeaseLostException}; content replaced by a newer one of the same name
 * is deleted after the metadata points at the new one.
 */
final class ArtifactWriter {
    private static final Logger log = LoggerFactory.getLogger(ArtifactWriter.class);

    private final JobStore store;
    private final ArtifactStorage storage;
    private final Clock clock;
    private final long maxBytes;
    private final ArtifactWriteFailures spaceFailures;

    ArtifactWriter(JobStore store, ArtifactStorage storage, EngineConfig config, ArtifactWriteFailures spaceFailures) {
        this.store = store;
        this.storage = storage;
        this.spaceFailures = spaceFailures;
        this.clock = config.clock();
        this.maxBytes = config.maxArtifactBytes();
    }

    Artifact write(RunningJob run, String owner, String name, String contentType, InputStream content) throws IOException {
        if (run.stopReason() == StopReason.LEASE_LOST) throw new LeaseLostException(run.job.id(), run.job.attempt());
        return write(run.job.id(), run.job.attempt(), owner, name, contentType, content);
    }

    /** Writes for whoever holds {@code owner}/{@code attempt} of the job: a local run or a remote worker. */
    Artifact write(java.util.UUID jobId, int attempt, String owner, String name, String contentType, InputStream content)
            throws IOException {
        String type = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        if (type.length() > 200 || type.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("content type must be up to 200 characters without control characters");
        }
        ArtifactStorage.Written w;
        try {
            w = storage.write(jobId, attempt, name, content, maxBytes);
        } catch (IOException | RuntimeException e) {
            if (WriteFailure.isDiskFull(e)) spaceFailures.failed(jobId, e.getMessage(), clock.instant());
            throw e;
        }
        spaceFailures.succeeded();
        Artifact artifact = new Artifact(name, w.size(), type, w.sha256(), clock.instant());
        ArtifactPutResult result;
        try {
            result = store.artifactPutIfRunning(new ArtifactPut(jobId, attempt, owner, artifact, w.key()), clock.instant());
        } catch (RuntimeException e) {
            storage.delete(w.key());
            throw e;
        }
        if (!result.applied()) {
            storage.delete(w.key());
            throw new LeaseLostException(jobId, attempt);
        }
        if (result.replacedKey() != null) {
            try {
                storage.delete(result.replacedKey());
            } catch (RuntimeException e) {
                log.warn("cannot delete replaced artifact content {}; the reconciler will: {}", result.replacedKey(), e.toString());
            }
        }
        return artifact;
    }
}
