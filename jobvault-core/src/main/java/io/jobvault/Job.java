package io.jobvault;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A snapshot of one stored job.
 *
 * @param attempt     how many times the job was claimed; also the fencing token of the current lease
 * @param maxAttempts the attempt number after which a failure makes the job DEAD
 * @param expiresAt   when a finished job will be pruned (null while it is not finished)
 * @param concurrencyKey   at most {@code concurrencyLimit} jobs with this key and tenant run at once; null: no limit
 * @param waitingFor       why a SCHEDULED job waits when a limit holds it back: {@link #WAITING_FOR_KEY} or
 *                         {@link #WAITING_FOR_RATE_LIMIT}; null otherwise
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
        String waitingFor) {
    /** Its concurrency key has as many jobs running as its limit allows. */
    public static final String WAITING_FOR_KEY = "concurrency-key";
    /** Its type's rate limit allows no more starts in the window yet. */
    public static final String WAITING_FOR_RATE_LIMIT = "rate-limit";
}
