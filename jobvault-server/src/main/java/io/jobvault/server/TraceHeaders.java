package io.jobvault.server;

import io.javalin.http.Context;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * The caller's W3C trace context ({@code traceparent}, {@code tracestate} headers) made current while a request
 * submits, so the submit's span, and every run of the job, continue the caller's trace.
 */
final class TraceHeaders {
    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private TraceHeaders() {}

    /**
     * The request's trace context, current until closed. When a span is already current (the OpenTelemetry agent's
     * server span, itself the header's child) that one stays: the submit is then its child.
     */
    static Scope continueFrom(Context ctx) {
        if (Span.current().getSpanContext().isValid() || ctx.header("traceparent") == null) return Scope.noop();
        return W3CTraceContextPropagator.getInstance()
                .extract(io.opentelemetry.context.Context.current(), ctx, HEADERS).makeCurrent();
    }
}
