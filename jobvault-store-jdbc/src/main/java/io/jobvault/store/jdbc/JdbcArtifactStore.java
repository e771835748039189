package io.jobvault.store.jdbc;

import io.jobvault.Job;
import io.jobvault.store.ArtifactPut;
import io.jobvault.store.ArtifactPutResult;
import io.jobvault.store.StoredArtifact;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The artifact metadata part of the JDBC store, by delegation, so {@link JdbcJobStore} stays about jobs. */
interface JdbcArtifactStore extends io.jobvault.store.JobStore {
    JdbcArtifacts artifacts();

    @Override
    default ArtifactPutResult artifactPutIfRunning(ArtifactPut put, Instant now) {
        return artifacts().artifactPutIfRunning(put, now);
    }

    @Override
    default List<StoredArtifact> artifactsOf(UUID jobId) {
        return artifacts().artifactsOf(jobId);
    }

    @Override
    default Optional<StoredArtifact> artifactGet(UUID jobId, String name) {
        return artifacts().artifactGet(jobId, name);
    }

    @Override
    default List<StoredArtifact> artifactsPage(UUID afterJob, String afterName, int limit) {
        return artifacts().artifactsPage(afterJob, afterName, limit);
    }

    @Override
    default java.util.Map<UUID, Set<String>> artifactKeysOf(java.util.Collection<UUID> jobIds) {
        return artifacts().artifactKeysOf(jobIds);
    }

    @Override
    default void artifactSetMissing(UUID jobId, String name, Instant since) {
        artifacts().artifactSetMissing(jobId, name, since);
    }

    @Override
    default long artifactsMissingCount() {
        return artifacts().artifactsMissingCount();
    }
}
