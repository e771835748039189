package io.jobvault.schedule;

import io.jobvault.JobRequest;
import java.time.Duration;
import java.util.Objects;

/**
 * The job a schedule enqueues on each fire. With fan-out, each key's job gets the payload with a {@code "key"} field
 * added (the payload must then be a JSON object).
 *
 * @param maxAttempts null: the job type's default
 * @param timeout     null: the job type's default
 * @param concurrencyKey   each job's concurrency key, where {@code {key}} stands for its fan-out key (e.g.
 *                         {@code customer:{key}}); null: none
 * @param concurrencyLimit the limit of {@code concurrencyKey}
 */
public record JobTemplate(String type, String payload, String queue, int priority, Integer maxAttempts, Duration timeout,
                          String concurrencyKey, Integer concurrencyLimit) {
    public JobTemplate(String type, String payload, String queue, int priority, Integer maxAttempts, Duration timeout) {
        this(type, payload, queue, priority, maxAttempts, timeout, null, null);
    }

    public JobTemplate {
        Objects.requireNonNull(type, "type");
        payload = payload == null ? "{}" : payload;
        queue = queue == null ? JobRequest.DEFAULT_QUEUE : queue;
    }

    public static JobTemplate of(String type) {
        return new JobTemplate(type, "{}", null, 0, null, null);
    }

    public JobTemplate withPayload(String json) {
        return new JobTemplate(type, json, queue, priority, maxAttempts, timeout, concurrencyKey, concurrencyLimit);
    }

    /**
     * At most {@code limit} of the schedule's jobs with the same key run at once — across fires, backup runs and
     * manual triggers — where {@code {key}} in {@code key} stands for the fan-out key: {@code ("customer:{key}", 1)}.
     */
    public JobTemplate withConcurrencyKey(String key, int limit) {
        return new JobTemplate(type, payload, queue, priority, maxAttempts, timeout, key, limit);
    }

    /** The request for one job of a fire (fan-out key {@code key}, "" without); validates like any submit. */
    JobRequest.Builder request(String key) {
        JobRequest.Builder b = JobRequest.builder(type).payload(payload).queue(queue).priority(priority);
        if (concurrencyKey != null) b.concurrencyKey(concurrencyKey.replace("{key}", key), concurrencyLimit == null ? 0 : concurrencyLimit);
        if (maxAttempts != null) b.maxAttempts(maxAttempts);
        if (timeout != null) b.timeout(timeout);
        return b;
    }
}
