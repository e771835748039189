package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobOutcome;
import io.jobvault.Retention;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A server on an ephemeral loopback port, on its own SQLite file, with a settable clock and the demo job types. */
abstract class ServerTestBase {
    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();
    JobvaultServer server;
    ApiClient api;
    /** Jobs of type {@code test.gated} (and {@code test.progress}, after reporting 50%) run until a test opens this gate. */
    final CountDownLatch gate = new CountDownLatch(1);

    static final String ADMIN_TOKEN = "test-admin-token";
    static final byte[] ARTIFACT_BYTES = "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @BeforeEach
    void startServer() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, 64 * 1024, "jdbc:sqlite:" + dir.resolve("jobvault.db"), ADMIN_TOKEN)
                .withJobTypes(Set.of("remote.work", "remote.limited")); // run by remote workers, as --types lists them
        server = JobvaultServer.start(configure(config), b -> {
            b.nodeId("test").clock(clock).tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(100))
                    .retention(Retention.all(Duration.ofHours(1))).queue("default", 4)
                    .handler("test.ok", ctx -> JobOutcome.success("{\"ok\":true}"))
                    .handler("test.dead", ctx -> JobOutcome.discard("always fails"))
                    .handler("test.gated", ctx -> {
                        gate.await();
                        return JobOutcome.success("{\"released\":true}");
                    })
                    .handler("test.progress", ctx -> { // reports half, holds at the gate, then finishes
                        ctx.progress(50, "half way");
                        gate.await();
                        ctx.progress(100, "done");
                        return JobOutcome.success();
                    })
                    .handler("test.artifact", ctx -> {
                        ctx.writeArtifact("data.bin", "application/octet-stream", ARTIFACT_BYTES);
                        return JobOutcome.success();
                    });
            DemoJobs.register(b);
            b.rateLimit("remote.limited", 2, Duration.ofHours(1)); // run by remote workers only
            customize(b);
        });
        api = new ApiClient(server.port(), ADMIN_TOKEN);
    }

    /** More settings of the node: a subclass may add some (its OpenTelemetry, say). */
    void customize(io.jobvault.JobvaultBuilder node) {}

    /** The configuration to serve with: a subclass may change the base one (CORS, say). */
    ServerConfig configure(ServerConfig base) {
        return base;
    }

    @AfterEach
    void stopServer() {
        gate.countDown();
        server.close();
    }

    /** Asserts an RFC 9457 answer with the status, and returns it. */
    static ApiClient.Response assertProblem(ApiClient.Response r, int status) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("title").asText()).isNotBlank();
        assertThat(r.json().get("hint").asText()).isNotBlank();
        return r;
    }
}
