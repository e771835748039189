package io.jobvault;

import java.time.Instant;

/**
 * One run of a job. {@code finishedAt} and {@code outcome} are null while the attempt is still running.
 *
 * @param stackTrace the first lines of the failure's stack trace, or null
 */
public record Attempt(
        int attempt,
        String node,
        Instant startedAt,
        Instant finishedAt,
        Outcome outcome,
        String errorMessage,
        String errorType,
        String stackTrace) {

    public enum Outcome {
        SUCCEEDED, FAILED, TIMED_OUT, SNOOZED, DISCARDED, CANCELLED,
        /** The lease expired (the node died or stalled) and the rescuer took the job back. */
        LEASE_EXPIRED,
        /** The node shut down and handed the lease back; this attempt did not count. */
        RELEASED
    }
}
