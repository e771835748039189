package io.jobvault.store;

import io.jobvault.Attempt;
import io.jobvault.JobState;
import java.time.Instant;
import java.util.UUID;

/**
 * The end of one run, fenced by {@code owner} and {@code attempt}.
 *
 * @param newState  SUCCEEDED, DEAD, CANCELLED, or AVAILABLE/RETRYING/SCHEDULED to run again at {@code runAt}
 * @param startedAt when this run was claimed (for the attempt history)
 * @param snoozed   the attempt does not count: the job gets one more attempt
 * @param outcome   what is recorded in the attempt history
 * @param progressPercent the last progress the handler reported and was not yet stored (null: none)
 * @param concurrencyKey  the job's concurrency key (with {@code tenant}), when known: the end of the run wakes a job
 *                        waiting for that key at once instead of at its next look (null: none, or not known)
 */
public record JobFinish(
        UUID id,
        int attempt,
        String owner,
        Instant startedAt,
        JobState newState,
        Instant runAt,
        boolean snoozed,
        Attempt.Outcome outcome,
        String result,
        String errorMessage,
        String errorType,
        String stackTrace,
        Integer progressPercent,
        String progressMessage,
        Instant now,
        String tenant,
        String concurrencyKey) {

    public JobFinish(UUID id, int attempt, String owner, Instant startedAt, JobState newState, Instant runAt,
            boolean snoozed, Attempt.Outcome outcome, String result, String errorMessage, String errorType,
            String stackTrace, Integer progressPercent, String progressMessage, Instant now) {
        this(id, attempt, owner, startedAt, newState, runAt, snoozed, outcome, result, errorMessage, errorType, stackTrace,
                progressPercent, progressMessage, now, null, null);
    }

    /** This finish, saying which concurrency key the run held. */
    public JobFinish withKey(String tenant, String concurrencyKey) {
        return new JobFinish(id, attempt, owner, startedAt, newState, runAt, snoozed, outcome, result, errorMessage,
                errorType, stackTrace, progressPercent, progressMessage, now, tenant, concurrencyKey);
    }
}
