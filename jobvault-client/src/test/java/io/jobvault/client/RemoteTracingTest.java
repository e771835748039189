package io.jobvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One trace from a client's span, over the server's submit, to a remote worker's run of the job. */
class RemoteTracingTest {
    static final String TOKEN = "tracing-test-token";

    @TempDir
    Path dir;
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
    JobvaultServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
        otel.close();
    }

    @Test
    void aRemoteWorkersRunContinuesTheTraceOfTheClientThatSubmitted() {
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, "jdbc:sqlite:" + dir.resolve("j.db"), TOKEN),
                b -> b.nodeId("server").queue("default", 1).openTelemetry(otel));
        JobvaultClient client = JobvaultClient.create("http://127.0.0.1:" + server.port(), TOKEN);
        AtomicReference<String> handlerSpan = new AtomicReference<>();
        try (RemoteWorker worker = RemoteWorker.builder(client).queue("remote").name("w1").openTelemetry(otel)
                .heartbeatInterval(Duration.ofMillis(100)).pollWait(Duration.ofSeconds(1))
                .handler("remote.render", ctx -> {
                    handlerSpan.set(Span.current().getSpanContext().getSpanId());
                    return JobOutcome.success();
                }).start()) {
            Span caller = otel.getTracer("test").spanBuilder("checkout").startSpan();
            UUID id;
            try (Scope ignored = caller.makeCurrent()) {
                id = client.submit(JobRequest.builder("remote.render").queue("remote").build()).id();
            } finally {
                caller.end();
            }
            assertThat(client.await(id, Duration.ofSeconds(30)).state()).isEqualTo("succeeded");
            await().atMost(Duration.ofSeconds(20)).until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.CONSUMER));

            SpanData send = span(SpanKind.PRODUCER);
            assertThat(send.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
            assertThat(send.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
            SpanData process = span(SpanKind.CONSUMER);
            assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
            assertThat(process.getSpanId()).isEqualTo(handlerSpan.get());
            assertThat(process.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("remote");
            assertThat(process.getAttributes().get(AttributeKey.stringKey("jobvault.job.outcome"))).isEqualTo("succeeded");
        }
    }

    private SpanData span(SpanKind kind) {
        return spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).findFirst().orElseThrow();
    }
}
