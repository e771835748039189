package io.jobvault.trace;

import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.store.JobInsert;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * OpenTelemetry spans of the engine, on the API only (the application brings the SDK, or none: then every span is a
 * no-op): a producer span per submit and a consumer span per run, with the messaging semantic conventions
 * (docs/observability.md lists their attributes).
 */
public final class JobTracing {
    public static final String INSTRUMENTATION = "io.jobvault";
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<String> JOB_TYPE = AttributeKey.stringKey("jobvault.job.type");
    static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("jobvault.job.attempt");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("jobvault.job.outcome");

    private static final int MAX_CACHED_NAMES = 1000;
    private final Tracer tracer;
    /** Span names by queue, made once: a submit or run without an SDK then costs no string building. */
    private final java.util.Map<String, String> sendNames = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, String> processNames = new java.util.concurrent.ConcurrentHashMap<>();

    public JobTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer(INSTRUMENTATION);
    }

    /**
     * Runs {@code insert} (a submit of {@code jobs}) inside a producer span started in the caller's context, so it is a
     * child of the caller's span: named {@code send QUEUE}, with the job's id and type for one job, the batch's size
     * for several. The jobs handed to {@code insert} carry the span's W3C trace context, stored with them so each run
     * continues the trace. A submit that throws marks it an error.
     */
    public <T> T submit(List<JobInsert> jobs, Function<List<JobInsert>, T> insert) {
        Span span = startSubmit(jobs);
        try {
            String traceparent = traceparent(span.getSpanContext());
            T result = insert.apply(traceparent == null ? jobs : jobs.stream().map(j -> j.withTraceparent(traceparent)).toList());
            span.end();
            return result;
        } catch (RuntimeException | Error e) {
            span.recordException(e).setStatus(StatusCode.ERROR, e.getClass().getName());
            span.end();
            throw e;
        }
    }

    private Span startSubmit(List<JobInsert> jobs) {
        JobInsert first = jobs.getFirst();
        boolean one = jobs.size() == 1;
        var span = tracer.spanBuilder(name(sendNames, "send ", first.queue()))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute(SYSTEM, "jobvault")
                .setAttribute(OPERATION_TYPE, "send")
                .setAttribute(OPERATION_NAME, "submit")
                .setAttribute(DESTINATION, first.queue());
        if (one) span.setAttribute(MESSAGE_ID, first.id().toString()).setAttribute(JOB_TYPE, first.type());
        else span.setAttribute(BATCH_COUNT, (long) jobs.size());
        return span.startSpan();
    }

    /**
     * A consumer span for one run of {@code job} on this node, named {@code process QUEUE}; the caller makes it current
     * while the handler runs, so the handler's own spans are its children, and ends it with {@link #endRun}.
     */
    public Span startRun(Job job) {
        return startRun(job.queue(), job.id(), job.type(), job.attempt(), job.traceparent());
    }

    /** {@link #startRun(Job)} for a run elsewhere (a remote worker's), from what its claim answer says of the job. */
    public Span startRun(String queue, UUID id, String type, int attempt, String traceparent) {
        return tracer.spanBuilder(name(processNames, "process ", queue))
                .setParent(submitContext(traceparent))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(SYSTEM, "jobvault")
                .setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "run")
                .setAttribute(DESTINATION, queue)
                .setAttribute(MESSAGE_ID, id.toString())
                .setAttribute(JOB_TYPE, type)
                .setAttribute(ATTEMPT, (long) attempt)
                .startSpan();
    }

    /** A span name, cached for up to {@link #MAX_CACHED_NAMES} queues (queue names come from submitters too). */
    private static String name(java.util.Map<String, String> names, String operation, String queue) {
        String n = names.get(queue);
        if (n != null) return n;
        n = operation + queue;
        if (names.size() < MAX_CACHED_NAMES) names.put(queue, n);
        return n;
    }

    /** The W3C {@code traceparent} of a span context, or null when it is not a real one (no SDK: a no-op span). */
    public static String traceparent(SpanContext context) {
        if (!context.isValid()) return null;
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /**
     * The context a run's span is a child of: the submit's span, from the job's stored traceparent; none (a new trace)
     * when there is none or it does not parse. Never the context of the engine thread that claimed the job.
     */
    static Context submitContext(String traceparent) {
        if (traceparent == null) return Context.root();
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, TRACEPARENT);
    }

    /** Reads a lone traceparent as the carrier of the W3C propagator. */
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of("traceparent");
        }

        @Override
        public String get(String carrier, String key) {
            return "traceparent".equals(key) ? carrier : null;
        }
    };

    /**
     * Ends a run's span with its outcome: the state the run leaves the job in ({@code null}: not recorded, e.g. a lost
     * lease or a shutdown). A handler that threw, or a run that ends the job retrying or dead, marks it an error.
     */
    public static void endRun(Span span, JobState newState, Throwable error) {
        endRun(span, newState == null ? "not-recorded" : newState.dbName(),
                newState == JobState.RETRYING || newState == JobState.DEAD, error);
    }

    /** Ends a run's span with its {@code outcome}; {@code failed} (or a handler that threw) marks it an error. */
    public static void endRun(Span span, String outcome, boolean failed, Throwable error) {
        span.setAttribute(OUTCOME, outcome);
        if (error != null) span.recordException(error);
        if (error != null || failed) span.setStatus(StatusCode.ERROR, error != null ? error.getClass().getName() : outcome);
        span.end();
    }
}
