package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.client.JobvaultClient;
import io.jobvault.client.RemoteJob;
import io.jobvault.client.RemoteWorker;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/java-client.md against a real server on a loopback port. */
class JavaClientExamplesTest {
    private static final String TOKEN = "docs-example-admin-token";

    @TempDir
    Path dir;
    private JobvaultServer server;
    private String url;
    private final String token = TOKEN;

    record Report(int customer) {}

    record Video(String title) {}

    @BeforeEach
    void startServer() {
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY,
                "jdbc:sqlite:" + dir.resolve("jobvault.db"), TOKEN), b -> b.queue("default", 2)
                .handler("report.pdf", ctx -> {
                    ctx.progress(50, "rendering");
                    ctx.writeArtifact("report.pdf", "application/pdf", "%PDF-1.7 report".getBytes(StandardCharsets.US_ASCII));
                    return JobOutcome.success();
                })
                .handler("demo.report", ctx -> { // as `jobvault server --demo` has it (README's first five lines)
                    ctx.writeArtifact("report.pdf", "application/pdf", "%PDF-1.7 demo".getBytes(StandardCharsets.US_ASCII));
                    return JobOutcome.success();
                }));
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
        Files.deleteIfExists(Path.of("report.pdf"));
    }

    @Test
    void submitAwaitFollowDownloadCancelRetry() throws IOException {
        List<String> seen = new CopyOnWriteArrayList<>();
        // doc:begin java-client-basics
        JobvaultClient client = JobvaultClient.create(url, token);   // e.g. "http://127.0.0.1:8080", a token with scopes submit,read

        RemoteJob job = client.submit(JobRequest.builder("report.pdf").payloadOf(new Report(42)).idempotencyKey("r-42").build());
        RemoteJob done = client.await(job.id(), Duration.ofMinutes(5));        // long polls ?wait=, no busy loop
        client.follow(job.id(), j -> System.out.println(j.state() + " " + j.progressPercent()));   // SSE, resumes itself
        client.download(job.id(), "report.pdf", Path.of("report.pdf"));      // checks the SHA-256 (ETag) before keeping it

        RemoteJob later = client.submit(JobRequest.builder("report.pdf").payloadOf(new Report(7)).delay(Duration.ofHours(1)).build());
        client.cancel(later.id());                                           // a waiting job ends cancelled at once
        client.retry(later.id());                                            // a dead or cancelled job runs again
        // doc:end java-client-basics
        assertThat(done.state()).isEqualTo("succeeded");
        assertThat(Files.readString(Path.of("report.pdf"))).isEqualTo("%PDF-1.7 report");
        assertThat(client.follow(job.id(), j -> seen.add(j.state()))).satisfies(j -> assertThat(j.state()).isEqualTo("succeeded"));
        assertThat(seen).contains("succeeded");
        assertThat(client.get(later.id()).state()).isIn("available", "running", "succeeded");
        assertThat(client.await(later.id(), Duration.ofSeconds(20)).state()).isEqualTo("succeeded");
    }

    @Test
    void theFirstFiveLinesReadmeShows() throws IOException {
        // doc:begin java-client-first-five
        JobvaultClient client = JobvaultClient.create(url, token);     // e.g. "http://127.0.0.1:8080", the admin token
        RemoteJob job = client.submit(JobRequest.builder("demo.report")
                .payload("{\"title\": \"Q3\", \"pages\": 3}").idempotencyKey("report-q3").build());
        RemoteJob done = client.await(job.id(), Duration.ofMinutes(1));
        client.download(done.id(), "report.pdf", Path.of("report.pdf"));
        // doc:end java-client-first-five
        assertThat(done.state()).isEqualTo("succeeded");
        assertThat(Files.readString(Path.of("report.pdf"))).isEqualTo("%PDF-1.7 demo");
    }

    private Path render(Video video) throws IOException {
        return Files.writeString(dir.resolve("out.mp4"), "frames of " + video.title());
    }

    @Test
    void aRemoteWorkerRunsJobsOfItsQueue() throws Exception {
        JobvaultClient client = JobvaultClient.create(url, token);
        CountDownLatch shutdownRequested = new CountDownLatch(1);
        // the worker declares its type when it starts: submit once it has; stop the worker however this ends, so a
        // failure here fails the test instead of leaving it waiting for ever
        CompletableFuture<RemoteJob> finished = CompletableFuture.supplyAsync(() -> {
            RemoteJob job = await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> client.submit(
                    JobRequest.builder("video.render").queue("gpu").payload("{\"title\": \"intro\"}").build()), j -> true);
            return client.await(job.id(), Duration.ofSeconds(30));
        }).whenComplete((job, failure) -> shutdownRequested.countDown());
        // doc:begin java-client-worker
        try (RemoteWorker worker = RemoteWorker.builder(client).queue("gpu").name("render-1").concurrency(4)
                .handler("video.render", ctx -> {
                    ctx.progress(10, "decoding");
                    ctx.writeArtifact("out.mp4", "video/mp4", Files.newInputStream(render(ctx.payload(Video.class))));
                    return JobOutcome.success();
                }).start()) {
            shutdownRequested.await();                   // runs until your application stops, then closes the worker
        }
        // doc:end java-client-worker
        assertThat(finished.get()).satisfies(j -> {
            assertThat(j.state()).isEqualTo("succeeded");
            assertThat(j.artifacts()).singleElement().satisfies(a -> {
                assertThat(a.name()).isEqualTo("out.mp4");
                assertThat(a.contentType()).isEqualTo("video/mp4");
                assertThat(a.size()).isEqualTo("frames of intro".length());
            });
        });
    }
}
