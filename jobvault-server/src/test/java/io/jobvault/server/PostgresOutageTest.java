package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarts while a server on it is under submit load. Every accepted job succeeds; meanwhile requests get
 * 503 with Retry-After, never a 500 and never a hang past their timeout; everything resumes by itself.
 */
class PostgresOutageTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "outage-test-token";

    @TempDir
    Path dir;
    String url;
    JobvaultServer server;

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) server.close();
        if (url == null) return; // skipped before it made a schema
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
                return true;
            }
        });
    }

    @Test
    void aDatabaseRestartMidLoadLosesNoAcceptedJob() throws Exception {
        List<String> restart = restartCommand();
        Assumptions.assumeTrue(restart != null, "pg_ctlcluster is not available to restart PostgreSQL");
        url = BASE + "&currentSchema=jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), b -> b.nodeId("outage")
                .artifactDirectory(dir).queue("default", 8).pollInterval(Duration.ofMillis(200))
                .handler("work", ctx -> JobOutcome.success()));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String submitUrl = "http://127.0.0.1:" + server.port() + "/v1/jobs";

        ConcurrentLinkedQueue<String> accepted = new ConcurrentLinkedQueue<>();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            clients.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 5_000 && !stop.get(); i++) {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(submitUrl)).timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\": \"work\"}")).build();
                    try {
                        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        if (r.statusCode() == 202) {
                            accepted.add(r.body().substring(7, 43));
                        } else if (r.statusCode() == 503) {
                            if (r.headers().firstValue("Retry-After").isEmpty()) problems.add("503 without Retry-After");
                            if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                                problems.add("503 that is not problem+json");
                            }
                        } else {
                            problems.add(r.statusCode() + ": " + r.body());
                        }
                    } catch (IOException e) {
                        problems.add("no answer within the timeout: " + e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= 300);
        Process p = new ProcessBuilder(restart).redirectErrorStream(true).redirectOutput(dir.resolve("restart.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("restart.log"))).isZero();
        int afterRestart = accepted.size();
        await().atMost(Duration.ofSeconds(90)).until(() -> accepted.size() >= afterRestart + 300); // resumed by itself
        stop.set(true);
        for (Thread c : clients) c.join(Duration.ofSeconds(30));

        ApiClient api = new ApiClient(server.port(), TOKEN);
        for (String id : accepted) {
            assertThat(api.get("/v1/jobs/" + id + "?wait=60s").json().get("state").asText()).as("job %s", id).isEqualTo("succeeded");
        }
        System.out.printf("outage test: %d accepted, statuses %s%n", accepted.size(), statuses);
        assertThat(problems).isEmpty();
    }

    /**
     * pg_ctlcluster VERSION main restart, for the one cluster this machine runs; null when pg_ctlcluster is not on the
     * PATH or no cluster is configured.
     */
    private static List<String> restartCommand() throws IOException {
        Path etc = Path.of("/etc/postgresql");
        Optional<Path> tool = onPath("pg_ctlcluster");
        if (tool.isEmpty() || !Files.isDirectory(etc)) return null;
        try (var versions = Files.list(etc)) {
            String version = versions.map(v -> v.getFileName().toString()).sorted().reduce((a, b) -> b).orElse(null);
            return version == null ? null
                    : List.of(tool.get().toString(), "--skip-systemctl-redirect", version, "main", "restart");
        }
    }

    private static Optional<Path> onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }
}
