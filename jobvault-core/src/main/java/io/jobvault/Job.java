package io.jobvault;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A snapshot of one stored job.
 *
 * <p>Two counts of runs: {@link #attemptsUsed()} is what users mean by "attempt" — the runs that counted toward the
 * budget {@link #attemptBudget()} (1 on the first run; a snooze or a shutdown's hand-back gives its attempt back, a
 * run taken back from a dead node counts). {@code attempt} counts every claim and is the fencing token.
 *
 * @param attempt     how many times the job was claimed, snoozed and handed-back runs included: the fencing token of
 *                    the current lease, which never goes down
 * @param maxAttempts the claim number after which a failure makes the job DEAD ({@code attempt}'s scale: the budget
 *                    plus the runs given back)
 * @param expiresAt   when a finished job will be pruned (null while it is not finished)
 * @param concurrencyKey   at most {@code concurrencyLimit} jobs with this key and tenant run at once; null: no limit
 * @param waitingFor       why a SCHEDULED job waits when a limit holds it back: {@link #WAITING_FOR_KEY} or
 *                         {@link #WAITING_FOR_RATE_LIMIT}; null otherwise
 * @param attemptBudget    the attempts the job may use: its max attempts as submitted (or as an operator's retry
 *                         granted them again)
 * @param traceparent      the W3C trace context of the span that submitted the job (each run's span is its child),
 *                         or null when the submit was not traced
 */
public record Job(
        UUID id,
        String type,
        String queue,
        JobState state,
        int priority,
        String payload,
        int attempt,
        int maxAttempts,
        Instant runAt,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Duration timeout,
        String tenant,
        String idempotencyKey,
        String uniqueKey,
        Map<String, String> labels,
        Integer progressPercent,
        String progressMessage,
        String result,
        String lastError,
        String leaseOwner,
        Instant leaseExpiresAt,
        boolean cancelRequested,
        Instant expiresAt,
        String concurrencyKey,
        Integer concurrencyLimit,
        String waitingFor,
        int attemptBudget,
        String traceparent) {
    /** Its concurrency key has as many jobs running as its limit allows. */
    public static final String WAITING_FOR_KEY = "concurrency-key";
    /** Its type's rate limit allows no more starts in the window yet. */
    public static final String WAITING_FOR_RATE_LIMIT = "rate-limit";

    /**
     * The number of the current (or last) attempt counted toward {@link #attemptBudget()}: 0 before the first run, 1
     * during and after it. Snoozed and handed-back runs give their attempt back, so they do not raise it; a run taken
     * back from a dead node does. The job ends DEAD when a failure happens at {@code attemptsUsed() == attemptBudget()}.
     */
    public int attemptsUsed() {
        return attempt - (maxAttempts - attemptBudget);
    }
}
