package io.jobvault.store.jdbc;

import io.jobvault.Attempt;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The node registry and leader leases part of the JDBC store, by delegation, so {@link JdbcJobStore} stays about jobs. */
interface JdbcNodeStore extends io.jobvault.store.JobStore {
    JdbcNodes nodes();

    @Override
    default void nodeHeartbeat(String nodeId, Set<String> jobTypes, Instant now, String version, java.time.Duration clockSkew) {
        nodes().nodeHeartbeat(nodeId, jobTypes, now, version, clockSkew);
    }

    @Override
    default List<io.jobvault.store.NodeRow> nodesList() {
        return nodes().nodesList();
    }

    @Override
    default List<String> nodesSilentSince(Instant cutoff) {
        return nodes().nodesSilentSince(cutoff);
    }

    @Override
    default void nodeForget(String nodeId) {
        nodes().nodeForget(nodeId);
    }

    @Override
    default boolean leaderAttemptElect(String role, String nodeId, Instant now, Instant until) {
        return nodes().leaderAttemptElect(role, nodeId, now, until);
    }

    @Override
    default Optional<String> leaderOf(String role) {
        return nodes().leaderOf(role);
    }

    @Override
    default void leaderResign(String role, String nodeId) {
        nodes().leaderResign(role, nodeId);
    }
}
