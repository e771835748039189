package io.jobvault.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java client and RemoteWorker against a real server on a loopback port. */
class ClientTest {
    static final String TOKEN = "client-test-token";
    static final CountDownLatch slowStarted = new CountDownLatch(1);

    @TempDir
    Path dir;
    JobvaultServer server;
    JobvaultClient client;

    @BeforeEach
    void start() {
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, "jdbc:sqlite:" + dir.resolve("j.db"), TOKEN),
                b -> b.nodeId("server").queue("default", 2).pollInterval(Duration.ofMillis(100))
                        .handler("local.report", ctx -> {
                            for (int p = 1; p <= 4; p++) ctx.progress(p * 25, "step " + p);
                            ctx.writeArtifact("r.txt", "text/plain", "report body".getBytes(StandardCharsets.UTF_8));
                            return JobOutcome.success("{\"lines\":1}");
                        })
                        .handler("local.dead", ctx -> JobOutcome.discard("no")));
        client = JobvaultClient.create("http://127.0.0.1:" + server.port(), TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void submitAwaitAndDownloadWithAVerifiedHash() throws Exception {
        RemoteJob submitted = client.submit(JobRequest.builder("local.report").payload("{\"n\":1}").label("via", "client").build());
        assertThat(submitted.state()).isIn("available", "running", "succeeded");
        RemoteJob done = client.await(submitted.id(), Duration.ofSeconds(30));
        assertThat(done.state()).isEqualTo("succeeded");
        assertThat(done.result()).isEqualTo("{\"lines\":1}");
        assertThat(done.artifacts()).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("r.txt"));
        Path file = client.download(done.id(), "r.txt", dir.resolve("downloaded.txt"));
        assertThat(file).hasContent("report body");
    }

    @Test
    void followStreamsEventsUntilTheJobFinishes() {
        UUID id = client.submit(JobRequest.of("local.report", "{}")).id();
        List<String> states = new CopyOnWriteArrayList<>();
        RemoteJob last = client.follow(id, j -> states.add(j.state()));
        assertThat(last.state()).isEqualTo("succeeded");
        assertThat(states).last().isEqualTo("succeeded");
    }

    @Test
    void retryCancelAndServerErrorsAsExceptions() {
        UUID dead = client.submit(JobRequest.builder("local.dead").maxAttempts(1).build()).id();
        assertThat(client.await(dead, Duration.ofSeconds(30)).state()).isEqualTo("dead");
        assertThat(client.retry(dead).state()).isEqualTo("available");
        UUID later = client.submit(JobRequest.builder("local.report").delay(Duration.ofHours(1)).build()).id();
        assertThat(client.cancel(later).state()).isEqualTo("cancelled");

        assertThatThrownBy(() -> client.get(UUID.randomUUID())).isInstanceOfSatisfying(JobvaultApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        UUID scheduled = client.submit(JobRequest.builder("local.report").delay(Duration.ofHours(1)).build()).id();
        assertThatThrownBy(() -> client.retry(scheduled)).isInstanceOfSatisfying(JobvaultApiException.class,
                e -> assertThat(e.status()).isEqualTo(409)); // only dead or cancelled jobs can be retried
        assertThatThrownBy(() -> JobvaultClient.create("http://127.0.0.1:" + server.port(), "wrong").get(later))
                .isInstanceOfSatisfying(JobvaultApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aRemoteWorkerRunsHandlersWithProgressArtifactsAndRetries() {
        try (RemoteWorker worker = RemoteWorker.builder(client).queue("remote").name("w1").concurrency(2)
                .heartbeatInterval(Duration.ofMillis(100)).pollWait(Duration.ofSeconds(1))
                .handler("remote.render", ctx -> {
                    if (ctx.attempt() == 1) throw new IllegalStateException("GPU busy");
                    ctx.progress(50, "half");
                    ctx.writeArtifact("frame.bin", "application/octet-stream", new byte[] {1, 2, 3});
                    return JobOutcome.success("{\"frames\":1}");
                }).start()) {
            UUID id = client.submit(JobRequest.builder("remote.render").queue("remote").build()).id();
            RemoteJob done = client.await(id, Duration.ofSeconds(30));
            assertThat(done.state()).isEqualTo("succeeded");
            assertThat(done.attempt()).isEqualTo(2);
            assertThat(done.result()).isEqualTo("{\"frames\":1}");
            assertThat(done.artifacts()).singleElement().satisfies(a -> assertThat(a.size()).isEqualTo(3));
        }
    }

    record Render(int frames, java.time.LocalDate day) {}

    record Rendered(String file, java.time.Instant at) {}

    static final io.jobvault.JobDefinition<Render, Rendered> RENDER =
            io.jobvault.JobDefinition.of("remote.typed", Render.class, Rendered.class).queue("remote").maxAttempts(2);

    @Test
    void typedJobsGoOverHttpAndThroughARemoteWorkerAsTheSameJson() {
        java.time.Instant at = java.time.Instant.parse("2026-12-08T10:00:00Z");
        try (RemoteWorker worker = RemoteWorker.builder(client).queue("remote").name("w1").concurrency(1)
                .heartbeatInterval(Duration.ofMillis(100)).pollWait(Duration.ofSeconds(1))
                .handler(RENDER, (render, ctx) -> JobOutcome.success(new Rendered(render.frames() + "-" + render.day() + ".mp4", at)))
                .start()) {
            RemoteJob submitted = client.submit(RENDER, new Render(24, java.time.LocalDate.of(2026, 12, 8)));
            assertThat(submitted.maxAttempts()).isEqualTo(2);
            assertThat(submitted.json().get("payload").toString()).isEqualTo("{\"frames\":24,\"day\":\"2026-12-08\"}");

            RemoteJob done = client.await(submitted.id(), Duration.ofSeconds(30));
            assertThat(client.result(RENDER, done)).contains(new Rendered("24-2026-12-08.mp4", at));
            assertThat(done.result()).isEqualTo("{\"file\":\"24-2026-12-08.mp4\",\"at\":\"2026-12-08T10:00:00Z\"}");
        }
    }

    @Test
    void aRemoteWorkersSnoozeUsesNoAttempt() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        try (RemoteWorker worker = RemoteWorker.builder(client).queue("remote").name("w1").concurrency(1)
                .heartbeatInterval(Duration.ofMillis(100)).pollWait(Duration.ofSeconds(1))
                .handler("remote.call", ctx -> {
                    if (runs.incrementAndGet() == 1) throw new io.jobvault.retry.SnoozeException(Duration.ofMillis(200), "429 from upstream");
                    return JobOutcome.success();
                }).start()) {
            // one attempt only: a snooze that used it would end the job dead
            UUID id = client.submit(JobRequest.builder("remote.call").queue("remote").maxAttempts(1).build()).id();
            RemoteJob done = client.await(id, Duration.ofSeconds(30));
            assertThat(done.state()).isEqualTo("succeeded");
            assertThat(runs.get()).isEqualTo(2);
        }
    }

    @Test
    void cancellingAJobARemoteWorkerRunsStopsItsHandler() throws Exception {
        try (RemoteWorker worker = RemoteWorker.builder(client).queue("remote").name("w2")
                .heartbeatInterval(Duration.ofMillis(100)).pollWait(Duration.ofSeconds(1))
                .handler("remote.slow", ctx -> {
                    slowStarted.countDown();
                    new CountDownLatch(1).await(); // until the worker interrupts it
                    return JobOutcome.success();
                }).start()) {
            UUID id = client.submit(JobRequest.builder("remote.slow").queue("remote").build()).id();
            assertThat(slowStarted.await(20, TimeUnit.SECONDS)).isTrue();
            client.cancel(id);
            assertThat(client.await(id, Duration.ofSeconds(30)).state()).isEqualTo("cancelled");
        }
    }

    @Test
    void closeHandsBackAJobWhoseHandlerOutlastsTheGraceWithoutUsingAnAttempt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RemoteWorker first = RemoteWorker.builder(client).queue("handback").name("w-first")
                .heartbeatInterval(Duration.ofMillis(100)).pollWait(Duration.ofSeconds(1))
                .handler("remote.stubborn", ctx -> {
                    started.countDown();
                    while (true) {
                        try {
                            if (release.await(30, TimeUnit.SECONDS)) break; // ignores the interrupt of the stop
                        } catch (InterruptedException e) {
                            // keeps going, as a handler that never looks may
                        }
                    }
                    return JobOutcome.success("{\"by\":\"first\"}");
                }).start();
        UUID id;
        try {
            id = client.submit(JobRequest.builder("remote.stubborn").queue("handback").maxAttempts(1).build()).id();
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            first.close(Duration.ofMillis(200));
        }
        RemoteJob back = client.get(id);
        release.countDown(); // its late result must not be reported: the job was handed back
        assertThat(back.state()).isIn("available", "scheduled");
        assertThat(back.attempt()).isZero();

        try (RemoteWorker second = RemoteWorker.builder(client).queue("handback").name("w-second")
                .heartbeatInterval(Duration.ofMillis(100)).pollWait(Duration.ofSeconds(1))
                .handler("remote.stubborn", ctx -> JobOutcome.success("{\"by\":\"second\"}")).start()) {
            RemoteJob done = client.await(id, Duration.ofSeconds(30));
            assertThat(done.state()).isEqualTo("succeeded"); // with maxAttempts 1: the hand-back used no attempt
            assertThat(done.result()).isEqualTo("{\"by\":\"second\"}");
        }
    }

    @Test
    void aRemoteWorkerNeedsQueuesAndHandlers() {
        assertThatThrownBy(() -> RemoteWorker.builder(client).handler("x", ctx -> JobOutcome.success()).start())
                .hasMessageContaining("queue");
        assertThat(Files.exists(dir)).isTrue();
    }
}
