package io.jobvault;

import java.util.UUID;

/**
 * Told about what this node recorded, after it is durable. Called on an engine thread: return quickly and do not
 * call back into blocking store operations.
 */
public interface JobListener {
    /** A run of the job ended and its new state is stored (a terminal state, or RETRYING/AVAILABLE). */
    default void jobRecorded(UUID id, JobState newState) {}

    /**
     * A run on this node ended but its result was rejected: the lease had been lost (the job was rescued, cancelled
     * or finished elsewhere). Nothing was changed. Frequent rejections mean leases are too short for the handlers.
     */
    default void jobResultRejected(UUID id, int attempt) {}

    /** A handler started running the job on this node. */
    default void jobStarted(UUID id, int attempt) {}
}
