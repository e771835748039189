package io.jobvault;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobvault.json.JsonMappers;
import io.jobvault.retry.Backoff;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One kind of job, declared once and used to register its handler, submit its jobs and read their results, so that
 * the type name, the payload and result classes, the queue and the defaults cannot drift apart:
 *
 * <pre>{@code
 * static final JobDefinition<Report, ReportResult> REPORT =
 *         JobDefinition.of("report.pdf", Report.class, ReportResult.class).queue("reports").maxAttempts(3);
 * }</pre>
 *
 * Immutable: each setter returns a new definition. Jobs of a definition are stored as any other job (the payload and
 * result as JSON written by the engine's mapper), so HTTP clients and remote workers see them under the type name.
 * Submit-time defaults (queue, priority, attempts, timeout, retention, concurrency key) travel with each job; the run
 * policies (backoff, rate limit) apply on the nodes that register the handler.
 *
 * @param <P> the payload class
 * @param <R> the result class ({@link Void} for none)
 */
public final class JobDefinition<P, R> {
    private final String name;
    private final Class<P> payloadType;
    private final Class<R> resultType;
    private final String queue;
    private final int priority;
    private final Integer maxAttempts;
    private final Duration timeout;
    private final Duration retention;
    private final Backoff backoff;
    private final RateLimit rateLimit;
    private final ConcurrencyKeyTemplate concurrencyKey;

    private JobDefinition(String name, Class<P> payloadType, Class<R> resultType, String queue, int priority,
            Integer maxAttempts, Duration timeout, Duration retention, Backoff backoff, RateLimit rateLimit,
            ConcurrencyKeyTemplate concurrencyKey) {
        this.name = name;
        this.payloadType = payloadType;
        this.resultType = resultType;
        this.queue = queue;
        this.priority = priority;
        this.maxAttempts = maxAttempts;
        this.timeout = timeout;
        this.retention = retention;
        this.backoff = backoff;
        this.rateLimit = rateLimit;
        this.concurrencyKey = concurrencyKey;
    }

    /**
     * A definition on queue {@value JobRequest#DEFAULT_QUEUE} with the engine's defaults.
     *
     * @throws IllegalArgumentException when {@code name} is not a valid job type name
     */
    public static <P, R> JobDefinition<P, R> of(String name, Class<P> payloadType, Class<R> resultType) {
        if (!JobType.isValidName(name)) {
            throw new IllegalArgumentException("job type name must match " + JobRequest.TYPE.pattern() + ": " + name);
        }
        return new JobDefinition<>(name, Objects.requireNonNull(payloadType, "payloadType"),
                Objects.requireNonNull(resultType, "resultType"), JobRequest.DEFAULT_QUEUE, 0, null, null, null,
                null, null, null);
    }

    /** The queue its jobs go to (a node runs them when it runs this queue). */
    public JobDefinition<P, R> queue(String queue) {
        return new JobDefinition<>(name, payloadType, resultType, JobRequest.requireQueue(queue), priority, maxAttempts, timeout, retention,
                backoff, rateLimit, concurrencyKey);
    }

    /** Higher runs first within the queue; -1000..1000, default 0. */
    public JobDefinition<P, R> priority(int priority) {
        if (priority < -1000 || priority > 1000) throw new IllegalArgumentException("priority must be within -1000..1000: " + priority);
        return new JobDefinition<>(name, payloadType, resultType, queue, priority, maxAttempts, timeout, retention,
                backoff, rateLimit, concurrencyKey);
    }

    /** Attempts each job may use; 1..1000, default {@value JobType#DEFAULT_MAX_ATTEMPTS}. */
    public JobDefinition<P, R> maxAttempts(int n) {
        if (n < 1 || n > 1000) throw new IllegalArgumentException("maxAttempts must be within 1..1000: " + n);
        return new JobDefinition<>(name, payloadType, resultType, queue, priority, n, timeout, retention,
                backoff, rateLimit, concurrencyKey);
    }

    /** How long one run may take before it is interrupted and counted as failed. Default: no timeout. */
    public JobDefinition<P, R> timeout(Duration t) {
        String problem = TimeBounds.outside("timeout", Objects.requireNonNull(t, "timeout"), Duration.ofMillis(1), TimeBounds.LONGEST);
        if (problem != null) throw new IllegalArgumentException(problem);
        return new JobDefinition<>(name, payloadType, resultType, queue, priority, maxAttempts, t, retention,
                backoff, rateLimit, concurrencyKey);
    }

    /** How long a finished job is kept, whatever its end. Default: the engine's retention. */
    public JobDefinition<P, R> retention(Duration r) {
        String problem = TimeBounds.outside("retention", Objects.requireNonNull(r, "retention"), Duration.ZERO, TimeBounds.LONGEST);
        if (problem != null) throw new IllegalArgumentException(problem);
        return new JobDefinition<>(name, payloadType, resultType, queue, priority, maxAttempts, timeout, r,
                backoff, rateLimit, concurrencyKey);
    }

    /** The wait between failed attempts. Default {@link Backoff#DEFAULT}. */
    public JobDefinition<P, R> backoff(Backoff b) {
        return new JobDefinition<>(name, payloadType, resultType, queue, priority, maxAttempts, timeout, retention,
                Objects.requireNonNull(b, "backoff"), rateLimit, concurrencyKey);
    }

    /** At most {@code jobs} runs start in any window of {@code per}, across all nodes; see {@link JobType#withRateLimit}. */
    public JobDefinition<P, R> rateLimit(int jobs, Duration per) {
        return new JobDefinition<>(name, payloadType, resultType, queue, priority, maxAttempts, timeout, retention,
                backoff, RateLimit.of(jobs, per), concurrencyKey);
    }

    /**
     * At most {@code limit} jobs with the same key run at once, the key made from payload fields: {@code
     * concurrencyKey("customer:{customerId}", 1)} runs one report per customer at a time. A submit whose payload lacks
     * a field of the template is refused.
     */
    public JobDefinition<P, R> concurrencyKey(String template, int limit) {
        return new JobDefinition<>(name, payloadType, resultType, queue, priority, maxAttempts, timeout, retention,
                backoff, rateLimit, new ConcurrencyKeyTemplate(template, limit));
    }

    public String name() {
        return name;
    }

    public Class<P> payloadType() {
        return payloadType;
    }

    public Class<R> resultType() {
        return resultType;
    }

    public String queue() {
        return queue;
    }

    /**
     * The job type that runs this definition's jobs with {@code handler}, with its run policies; customise it further
     * (e.g. {@link JobType#withPermanentFailures}) and register it with {@link JobvaultBuilder#jobType}.
     * A payload that does not map onto the payload class discards the job (no retry can fix it), naming where it
     * failed; so does a result that is not of the result class.
     */
    public JobType jobType(TypedJobHandler<P, R> handler) {
        Objects.requireNonNull(handler, "handler");
        JobHandler untyped = ctx -> {
            P payload;
            try {
                payload = ctx.payload(payloadType);
            } catch (JobJsonException e) {
                return JobOutcome.discard(e.getMessage());
            }
            JobOutcome outcome = handler.handle(payload, ctx);
            if (outcome instanceof JobOutcome.Success s && s.result() != null && !resultType.isInstance(s.result())) {
                return JobOutcome.discard("the handler of job type " + name + " returned a " + s.result().getClass().getName()
                        + " where its definition says " + resultType.getName());
            }
            return outcome;
        };
        JobType type = JobType.of(name, untyped);
        if (backoff != null) type = type.withBackoff(backoff);
        if (maxAttempts != null) type = type.withMaxAttempts(maxAttempts);
        if (timeout != null) type = type.withTimeout(timeout);
        if (retention != null) type = type.withRetention(Retention.all(retention));
        if (rateLimit != null) type = type.withRateLimit(rateLimit.jobs(), rateLimit.per());
        return type;
    }

    /**
     * A validated request for one job of {@code payload}, written with {@code mapper}, with this definition's defaults
     * and then {@code options} — what {@code Jobvault.submit(definition, …)} and the HTTP client submit.
     *
     * @throws IllegalArgumentException when the payload lacks a field of the concurrency key template
     * @throws JobJsonException         when the payload cannot be written as JSON
     */
    public JobRequest request(P payload, ObjectMapper mapper, Consumer<JobRequest.Builder> options) {
        Objects.requireNonNull(payload, "payload");
        if (!payloadType.isInstance(payload)) {
            throw new IllegalArgumentException("job type " + name + " takes a " + payloadType.getName() + ", not a "
                    + payload.getClass().getName());
        }
        JobRequest.Builder b = JobRequest.builder(name)
                .payload(JsonMappers.write(mapper, payload, "the payload of job type " + name))
                .queue(queue).priority(priority);
        if (maxAttempts != null) b.maxAttempts(maxAttempts);
        if (timeout != null) b.timeout(timeout);
        if (retention != null) b.retention(retention);
        if (concurrencyKey != null) {
            b.concurrencyKey(concurrencyKey.keyOf(mapper.valueToTree(payload), name, null), concurrencyKey.limit());
        }
        options.accept(b);
        return b.build();
    }

    /**
     * The job a schedule enqueues on each fire: {@code payload} written with {@code mapper} (give the engine's, as
     * {@code JobvaultBuilder.objectMapper} sets it), with this definition's queue, priority, attempts and timeout. A
     * concurrency key template takes its fields from the payload, except {@code {key}}, which a fan-out schedule fills
     * with each job's key.
     */
    public io.jobvault.schedule.JobTemplate template(P payload, ObjectMapper mapper) {
        String json = JsonMappers.write(mapper, Objects.requireNonNull(payload, "payload"), "the payload of job type " + name);
        var t = new io.jobvault.schedule.JobTemplate(name, json, queue, priority, maxAttempts, timeout);
        if (concurrencyKey == null) return t;
        return t.withConcurrencyKey(concurrencyKey.keyOf(mapper.valueToTree(payload), name, "key"), concurrencyKey.limit());
    }

    /** The result of a job of this definition, read with {@code mapper}; empty unless it succeeded with one. */
    Optional<R> resultOf(Job job, ObjectMapper mapper) {
        return result(job.id(), job.type(), job.state() == JobState.SUCCEEDED, job.result(), mapper);
    }

    /**
     * The result of a job of this definition as stored (its result JSON text), read with {@code mapper}: empty unless
     * it succeeded with one — for clients that read jobs over HTTP.
     *
     * @throws IllegalArgumentException when the job is of another type
     * @throws JobJsonException         when the result does not map onto the result class
     */
    public Optional<R> result(java.util.UUID id, String type, boolean succeeded, String resultJson, ObjectMapper mapper) {
        if (!type.equals(name)) throw new IllegalArgumentException("job " + id + " is of type " + type + ", not " + name);
        if (!succeeded || resultJson == null) return Optional.empty();
        return Optional.ofNullable(JsonMappers.read(mapper, resultJson, resultType, "the result of job " + id));
    }

    /**
     * Warns of handlers registered from definitions whose queue this node does not work: the handler will wait for a
     * job submitted to another queue, and the definition's own jobs run only on other nodes (if any works the queue).
     */
    static void warnOfQueuesNotWorked(java.util.Map<String, String> queueByType, java.util.Set<String> worked) {
        queueByType.forEach((type, queue) -> {
            if (!worked.contains(queue)) {
                org.slf4j.LoggerFactory.getLogger(JobDefinition.class).warn("job type {} has a handler here, but this"
                        + " node does not work its definition's queue {}: its jobs run only on nodes that do (add"
                        + " .queue(\"{}\", concurrency) to run them here)", type, queue, queue);
            }
        });
    }

    @Override
    public String toString() {
        return "JobDefinition[" + name + ": " + payloadType.getSimpleName() + " -> " + resultType.getSimpleName()
                + ", queue " + queue + "]";
    }
}
