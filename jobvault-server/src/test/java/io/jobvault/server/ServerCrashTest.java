package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as a child process, killed with SIGKILL mid-run and started again on the same data directory: every
 * job it accepted succeeds, and every artifact downloads with the SHA-256 that was recorded for it.
 */
class ServerCrashTest {
    private static final String TOKEN = "crash-test-admin-token";
    private static final int JOBS = 120;

    @TempDir
    Path dir;

    @Test
    void acceptedJobsAndTheirArtifactsSurviveAKillDashNine() throws Exception {
        int port = freePort();
        ApiClient api = new ApiClient(port, TOKEN);
        Process first = start(port, "first");
        try {
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                String body = i % 3 == 0
                        ? "{\"type\": \"demo.report\", \"payload\": {\"title\": \"Report " + i + "\", \"pages\": " + (2 + i % 4) + "}}"
                        : "{\"type\": \"demo.sleep\", \"payload\": {\"ms\": " + (50 + (i * 37) % 250) + "}}";
                ApiClient.Response r = api.post("/v1/jobs", body);
                assertThat(r.status()).as(r.raw()).isEqualTo(202);
                accepted.add(r.json().get("id").asText());
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> succeeded(api) >= JOBS / 5);
            assertThat(succeeded(api)).as("killed mid-run, not after").isLessThan(JOBS);
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Process second = start(port, "second");
            try {
                for (String id : accepted) {
                    JsonNode job = api.get("/v1/jobs/" + id + "?wait=60s").json();
                    assertThat(job.get("state").asText()).as("job %s", id).isEqualTo("succeeded");
                    for (JsonNode a : job.get("artifacts")) {
                        byte[] bytes = download(port, a.get("url").asText());
                        assertThat(bytes).hasSize(a.get("size").asInt());
                        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                                .isEqualTo(a.get("sha256").asText());
                    }
                    if (job.get("type").asText().equals("demo.report")) assertThat(job.get("artifacts")).hasSize(1);
                }
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }
        } finally {
            first.destroyForcibly();
        }
    }

    private Process start(int port, String label) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(),
                "--port", String.valueOf(port), "--data", dir.toString(), "--demo", "--node-id", "crash-server")
                .redirectErrorStream(true).redirectOutput(dir.resolve("server-" + label + ".log").toFile());
        pb.environment().put("JOBVAULT_ADMIN_TOKEN", TOKEN);
        Process p = pb.start();
        ApiClient api = new ApiClient(port, null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> api.get("/health/ready").status() == 200);
        return p;
    }

    private static long succeeded(ApiClient api) {
        return api.get("/v1/jobs?state=succeeded&limit=1000").json().get("items").size();
    }

    private static byte[] download(int port, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
