package io.jobvault.store;

import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.Retention;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** One job to insert, with every default already resolved by the engine. */
public record JobInsert(
        UUID id,
        String type,
        String queue,
        JobState state,
        int priority,
        String payload,
        int maxAttempts,
        Instant runAt,
        Duration timeout,
        String tenant,
        String idempotencyKey,
        String uniqueKey,
        Retention retention,
        Map<String, String> labels,
        Instant now,
        String concurrencyKey,
        Integer concurrencyLimit,
        String traceparent) {

    /** A job whose submit is not traced (yet): the engine adds the submit span's context, see {@link #withTraceparent}. */
    public JobInsert(UUID id, String type, String queue, JobState state, int priority, String payload, int maxAttempts,
            Instant runAt, Duration timeout, String tenant, String idempotencyKey, String uniqueKey, Retention retention,
            Map<String, String> labels, Instant now, String concurrencyKey, Integer concurrencyLimit) {
        this(id, type, queue, state, priority, payload, maxAttempts, runAt, timeout, tenant, idempotencyKey, uniqueKey,
                retention, labels, now, concurrencyKey, concurrencyLimit, null);
    }

    /** A job without a concurrency key. */
    public JobInsert(UUID id, String type, String queue, JobState state, int priority, String payload, int maxAttempts,
            Instant runAt, Duration timeout, String tenant, String idempotencyKey, String uniqueKey, Retention retention,
            Map<String, String> labels, Instant now) {
        this(id, type, queue, state, priority, payload, maxAttempts, runAt, timeout, tenant, idempotencyKey, uniqueKey,
                retention, labels, now, null, null, null);
    }

    /** This job with the W3C trace context of the span that submits it. */
    public JobInsert withTraceparent(String traceparent) {
        return new JobInsert(id, type, queue, state, priority, payload, maxAttempts, runAt, timeout, tenant, idempotencyKey,
                uniqueKey, retention, labels, now, concurrencyKey, concurrencyLimit, traceparent);
    }

    /**
     * The job exactly as a store holds it right after this insert committed, before anything else touched it: what a
     * read would return, without the read (stores keep times to the millisecond).
     */
    public Job asStored() {
        Instant created = now.truncatedTo(ChronoUnit.MILLIS);
        return new Job(id, type, queue, state, priority, payload, 0, maxAttempts, runAt.truncatedTo(ChronoUnit.MILLIS),
                created, null, null, timeout == null ? null : Duration.ofMillis(timeout.toMillis()), tenant,
                idempotencyKey, uniqueKey, labels, null, null, null, null, null, null, false, null, concurrencyKey,
                concurrencyLimit, null, maxAttempts, traceparent);
    }
}
