package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobvaultBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A traceparent on POST /v1/jobs is continued by the submit's span, the job's runs and remote workers' claims. */
class TraceContextTest extends ServerTestBase {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";
    static final String TRACEPARENT = "00-" + TRACE + "-" + CALLER_SPAN + "-01";

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();

    @Override
    void customize(JobvaultBuilder node) {
        node.openTelemetry(otel);
    }

    @AfterEach
    void closeSdk() {
        otel.close();
    }

    @Test
    void theSubmitAndTheRunContinueTheCallersTrace() {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\"}", "traceparent", TRACEPARENT).json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + id + "?wait=30s").json().get("state").asText()).isEqualTo("succeeded");
        await().atMost(Duration.ofSeconds(20)).until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.CONSUMER));

        SpanData send = span(SpanKind.PRODUCER);
        assertThat(send.getTraceId()).isEqualTo(TRACE);
        assertThat(send.getParentSpanId()).isEqualTo(CALLER_SPAN);
        SpanData process = span(SpanKind.CONSUMER);
        assertThat(process.getTraceId()).isEqualTo(TRACE);
        assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    }

    @Test
    void aClaimHandsTheStoredTraceContextToTheWorker() {
        api.post("/v1/jobs", "{\"type\": \"remote.work\", \"queue\": \"gpu\"}", "traceparent", TRACEPARENT);
        JsonNode claimed = api.post("/v1/workers/claim", "{\"queues\": [\"gpu\"], \"worker\": \"w1\"}").json().get("jobs").get(0);

        SpanData send = span(SpanKind.PRODUCER);
        assertThat(claimed.get("traceparent").asText()).startsWith("00-" + TRACE + "-" + send.getSpanId() + "-");
    }

    private SpanData span(SpanKind kind) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).findFirst().orElseThrow();
    }
}
