package io.jobvault.store;

import java.time.Instant;
import java.util.Set;

/**
 * Which job types something can run, as the store knows it, so that any node can tell a misspelled type from one a
 * worker elsewhere runs. Nodes record their handlers' types with their heartbeat
 * ({@link JobStore#nodeHeartbeat}); remote workers declare theirs here.
 */
public interface JobTypeStore {

    /**
     * Records that a remote worker of {@code tenant} (null: bound to no tenant) runs {@code types}, seen at {@code now};
     * forgets declarations not seen since {@code forgetBefore}.
     */
    void workerJobTypesSeen(String tenant, Set<String> types, Instant now, Instant forgetBefore);

    /**
     * The types of nodes that heartbeated since {@code nodesSince}, of schedules' job templates, and of workers seen
     * since {@code workersSince}.
     */
    KnownJobTypes jobTypesKnown(Instant nodesSince, Instant workersSince);
}
