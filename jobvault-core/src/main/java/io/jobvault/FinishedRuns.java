package io.jobvault;

import java.time.Instant;
import java.util.Locale;

/**
 * How many runs of a queue's jobs ended one way in one minute, from per-minute figures the store keeps as runs end
 * (kept for {@link #RETENTION}, then pruned).
 *
 * @param minute the minute's start
 */
public record FinishedRuns(Instant minute, String queue, Outcome outcome, long count) {
    /** How long the per-minute figures are kept. */
    public static final java.time.Duration RETENTION = java.time.Duration.ofDays(2);

    /** How a run ended, as counted per minute. */
    public enum Outcome {
        /** The job succeeded. */
        SUCCEEDED,
        /** An attempt failed (an error, a timeout, a discard or a lost lease); a dead job's last attempt counts too. */
        FAILED,
        /** The job died: out of attempts, or discarded. */
        DEAD,
        /** The job was cancelled. */
        CANCELLED;

        /** The name stored in the database and used over the API. */
        public String dbName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome fromDbName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
