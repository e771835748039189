package io.jobvault.bulk;

import io.jobvault.JobFilter;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * An action applied to every job a filter matches, in the background, in bounded batches walked newest first by id.
 * It is stored, so any node answers for it and the maintenance leader resumes it after a crash from {@code cursor}.
 *
 * @param matched jobs the filter matched so far
 * @param done    of those, jobs the action changed (a retry skips jobs that are not DEAD or CANCELLED, a cancel finished ones)
 * @param cursor  the last id handled; the next batch takes ids below it (null: from the newest)
 */
public record BulkOperation(UUID id, BulkAction action, JobFilter filter, State state, long matched, long done,
        UUID cursor, String actor, Instant createdAt, Instant updatedAt, Instant finishedAt) {

    public enum State {
        /** Batches still to run. */
        RUNNING,
        /** Stopped by an operator before it went through every match. */
        STOPPED,
        /** Went through every job the filter matched. */
        DONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** A new operation, not yet stored. */
    public static BulkOperation start(UUID id, BulkAction action, JobFilter filter, String actor, Instant now) {
        return new BulkOperation(id, action, filter, State.RUNNING, 0, 0, null, actor, now, now, null);
    }
}
