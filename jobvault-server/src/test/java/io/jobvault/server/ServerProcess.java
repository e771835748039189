package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code jobvault server} as a child process (a JVM of its own, on this test's class path), for tests that kill it
 * with SIGKILL and start it again. Its output goes to {@code log}.
 */
final class ServerProcess implements AutoCloseable {
    static final String TOKEN = "process-test-admin-token";

    private final Process process;
    final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts {@code jobvault server --port PORT ARGS} in {@code workingDirectory} and waits until it is ready. */
    static ServerProcess start(int port, Path workingDirectory, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), ServerMain.class.getName(), "--port", String.valueOf(port)));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JOBVAULT_ADMIN_TOKEN", TOKEN);
        pb.environment().remove("JOBVAULT_DATA");
        ServerProcess server = new ServerProcess(pb.start(), port);
        ApiClient api = new ApiClient(port, null);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(() -> !server.process.isAlive() || api.get("/health/ready").status() == 200);
            assertThat(server.process.isAlive()).as("the server exited; see %s", log).isTrue();
        } catch (RuntimeException | AssertionError e) {
            server.kill();
            throw e;
        }
        return server;
    }

    ApiClient api() {
        return new ApiClient(port, TOKEN);
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() {
        process.destroyForcibly();
        assertThat(exited()).isTrue();
    }

    /** A graceful stop (SIGTERM). */
    @Override
    public void close() {
        process.destroy();
        if (!exited()) kill();
    }

    private boolean exited() {
        try {
            return process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the server to exit", e);
        }
    }

    /** Downloads every artifact of {@code job} by its signed URL and checks its size and recorded SHA-256. */
    void assertArtifactsDownload(JsonNode job) throws IOException, InterruptedException {
        for (JsonNode a : job.get("artifacts")) {
            HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + a.get("url").asText())).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as("artifact %s of job %s: %s", a.get("name").asText(), job.get("id").asText(),
                    new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            assertThat(r.body()).hasSize(a.get("size").asInt());
            assertThat(sha256(r.body())).isEqualTo(a.get("sha256").asText());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
