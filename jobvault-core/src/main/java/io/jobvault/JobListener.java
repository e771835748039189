package io.jobvault;

import java.util.UUID;

/**
 * Told about what this node recorded, after it is durable. Called on an engine thread: return quickly and do not
 * call back into blocking store operations.
 */
public interface JobListener {
    /** A run of the job ended and its new state is stored (a terminal state, or RETRYING/AVAILABLE). */
    default void jobRecorded(UUID id, JobState newState) {}

    /** A handler started running the job on this node. */
    default void jobStarted(UUID id, int attempt) {}
}
