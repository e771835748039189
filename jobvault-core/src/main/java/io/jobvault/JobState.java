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

    public boolean isTerminal() {
        return this == SUCCEEDED || this == DEAD || this == CANCELLED;
    }

    /** The name stored in the database and used over the API. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static JobState fromDbName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
