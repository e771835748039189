package io.jobvault;

import java.util.UUID;

/**
 * Told about what this node did, after it is durable. Called on engine threads: return quickly and do not call back
 * into blocking store operations. A listener that throws is logged and never fails a job.
 */
public interface JobListener {
    /** A job was stored by a submit through this node (not for duplicates or skipped unique keys). */
    default void jobSubmitted(String type, String queue) {}

    /** A handler started running the job on this node; {@code job} is the claimed snapshot. */
    default void jobStarted(Job job) {}

    /** A run of {@code job} (the claimed snapshot) ended and its new state is stored. */
    default void jobRecorded(Job job, JobState newState) {}

    /**
     * A run on this node ended but its result was rejected: the lease had been lost (the job was rescued, cancelled
     * or finished elsewhere). Nothing was changed. Frequent rejections mean leases are too short for the handlers.
     */
    default void jobResultRejected(UUID id, int attempt) {}

    /**
     * This node (as maintenance leader) took back a job whose node stopped heartbeating or whose lease ran out — a
     * stuck or lost run. Not called for the jobs a restarting node takes back from its own previous run.
     *
     * @param ran how long the run had been going, if known
     */
    default void jobRescued(UUID id, String type, String node, java.time.Duration ran, String reason) {}
}
