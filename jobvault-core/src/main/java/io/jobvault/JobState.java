package io.jobvault;

import java.util.Locale;

/**
 * Where a job is in its lifecycle. SUCCEEDED, DEAD and CANCELLED are terminal: nothing runs the job again unless
 * an operator retries a DEAD or CANCELLED job.
 */
public enum JobState {
    /** Waiting for its run-at time. */
    SCHEDULED,
    /** Ready to be claimed by a worker. */
    AVAILABLE,
    /** Claimed under a lease; a handler is (or was, if its node died) running it. */
    RUNNING,
    /** Failed an attempt and waits for its backoff to pass; attempts are left. */
    RETRYING,
    SUCCEEDED,
    /** Failed permanently: discarded, or out of attempts. Its errors are kept. */
    DEAD,
    CANCELLED;

    /** Computed once: the store writes and reads states for every job it claims and finishes. */
    private final String dbName = name().toLowerCase(Locale.ROOT);

    public boolean isTerminal() {
        return this == SUCCEEDED || this == DEAD || this == CANCELLED;
    }

    /** The name stored in the database and used over the API. */
    public String dbName() {
        return dbName;
    }

    public static JobState fromDbName(String name) {
        return switch (name) {
            case "scheduled" -> SCHEDULED;
            case "available" -> AVAILABLE;
            case "running" -> RUNNING;
            case "retrying" -> RETRYING;
            case "succeeded" -> SUCCEEDED;
            case "dead" -> DEAD;
            case "cancelled" -> CANCELLED;
            default -> valueOf(name.toUpperCase(Locale.ROOT)); // the API's spellings; an unknown one throws as before
        };
    }
}
