package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Submits and runs are traced with the messaging semantic conventions, on the OpenTelemetry the builder is given. */
class EngineTracingTest extends EngineTestBase {
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    @Test
    void aSubmitIsAProducerSpanOfTheCallerAndEachRunAConsumerSpanTheHandlersSpansBelongTo() {
        AtomicReference<String> handlerTrace = new AtomicReference<>();
        Jobvault jv = h.start(h.builder("n1").openTelemetry(otel).queue("reports", 1)
                .handler("report.pdf", ctx -> {
                    handlerTrace.set(Span.current().getSpanContext().getSpanId());
                    return JobOutcome.success();
                })
                .handler("flaky", ctx -> {
                    throw new IllegalStateException("upstream down");
                }));
        Span request = otel.getTracer("test").spanBuilder("POST /reports").startSpan();
        UUID id;
        try (Scope ignored = request.makeCurrent()) {
            id = jv.submit(JobRequest.builder("report.pdf").queue("reports").build()).id();
        } finally {
            request.end();
        }
        awaitState(jv, id, JobState.SUCCEEDED);
        UUID flaky = jv.submit(JobRequest.builder("flaky").queue("reports").maxAttempts(2).build()).id();
        awaitState(jv, flaky, JobState.RETRYING);
        await().atMost(EngineHarness.WAIT).until(() -> spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CONSUMER).count() == 2);

        SpanData send = only(SpanKind.PRODUCER, id);
        assertThat(send.getName()).isEqualTo("send reports");
        assertThat(send.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
        assertThat(send.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("jobvault");
        assertThat(send.getAttributes().get(AttributeKey.stringKey("messaging.operation.type"))).isEqualTo("send");
        assertThat(send.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("reports");
        assertThat(send.getAttributes().get(AttributeKey.stringKey("jobvault.job.type"))).isEqualTo("report.pdf");

        // the submit's context is stored with the job, and the run's span continues it
        assertThat(jv.get(id).traceparent()).isEqualTo("00-" + send.getTraceId() + "-" + send.getSpanId() + "-"
                + send.getSpanContext().getTraceFlags().asHex());
        SpanData process = only(SpanKind.CONSUMER, id);
        assertThat(process.getName()).isEqualTo("process reports");
        assertThat(process.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(process.getSpanId()).isEqualTo(handlerTrace.get()); // current while the handler ran
        assertThat(process.getAttributes().get(AttributeKey.stringKey("messaging.operation.type"))).isEqualTo("process");
        assertThat(process.getAttributes().get(AttributeKey.longKey("jobvault.job.attempt"))).isEqualTo(1L);
        assertThat(process.getAttributes().get(AttributeKey.stringKey("jobvault.job.outcome"))).isEqualTo("succeeded");
        assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

        SpanData failed = only(SpanKind.CONSUMER, flaky);
        assertThat(failed.getAttributes().get(AttributeKey.stringKey("jobvault.job.outcome"))).isEqualTo("retrying");
        assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(failed.getEvents()).anySatisfy(e -> assertThat(e.getName()).isEqualTo("exception"));
    }

    @Test
    void withoutAnSdkNothingIsStoredAndJobsRunAsEver() {
        Jobvault jv = h.start(h.builder("n1").openTelemetry(io.opentelemetry.api.OpenTelemetry.noop()).queue("default", 1)
                .handler("ok", ctx -> JobOutcome.success()));
        UUID one = jv.submit(JobRequest.of("ok", "{}")).id();
        UUID batched = jv.submitAll(java.util.List.of(JobRequest.of("ok", "{}"), JobRequest.of("ok", "{}"))).getFirst().id();
        assertThat(awaitState(jv, one, JobState.SUCCEEDED).traceparent()).isNull();
        assertThat(awaitState(jv, batched, JobState.SUCCEEDED).traceparent()).isNull();
    }

    @Test
    void aBatchIsOneProducerSpanEveryJobOfItContinues() {
        Jobvault jv = h.start(h.builder("n1").openTelemetry(otel).queue("default", 2).handler("ok", ctx -> JobOutcome.success()));
        java.util.List<UUID> ids = jv.submitAll(java.util.List.of(JobRequest.of("ok", "{}"), JobRequest.of("ok", "{}")))
                .stream().map(r -> r.id()).toList();
        ids.forEach(id -> awaitState(jv, id, JobState.SUCCEEDED));
        await().atMost(EngineHarness.WAIT).until(() -> spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CONSUMER).count() == 2);
        SpanData send = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
        assertThat(send.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(2L);
        ids.forEach(id -> assertThat(only(SpanKind.CONSUMER, id).getParentSpanId()).isEqualTo(send.getSpanId()));
    }

    private SpanData only(SpanKind kind, UUID job) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind
                && job.toString().equals(s.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))).findFirst().orElseThrow();
    }
}
