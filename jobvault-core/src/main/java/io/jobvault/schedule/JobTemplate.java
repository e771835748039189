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
 */
public record JobTemplate(String type, String payload, String queue, int priority, Integer maxAttempts, Duration timeout) {
    public JobTemplate {
        Objects.requireNonNull(type, "type");
        payload = payload == null ? "{}" : payload;
        queue = queue == null ? JobRequest.DEFAULT_QUEUE : queue;
    }

    public static JobTemplate of(String type) {
        return new JobTemplate(type, "{}", null, 0, null, null);
    }

    public JobTemplate withPayload(String json) {
        return new JobTemplate(type, json, queue, priority, maxAttempts, timeout);
    }

    /** The request for one job of a fire; validates like any submit. */
    JobRequest.Builder request() {
        JobRequest.Builder b = JobRequest.builder(type).payload(payload).queue(queue).priority(priority);
        if (maxAttempts != null) b.maxAttempts(maxAttempts);
        if (timeout != null) b.timeout(timeout);
        return b;
    }
}
