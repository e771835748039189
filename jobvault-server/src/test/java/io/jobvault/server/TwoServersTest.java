package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two servers on one PostgreSQL database: what is submitted through A can be read, followed, downloaded and cancelled through B. */
class TwoServersTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "two-servers-token";
    static final CountDownLatch longStarted = new CountDownLatch(1);

    String url;
    JobvaultServer a;
    JobvaultServer b;

    private JobvaultServer start(String node) {
        return JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), builder -> builder.nodeId(node)
                .queue("default", 4).pollInterval(Duration.ofMillis(200))
                .handler("report", ctx -> {
                    ctx.writeArtifact("r.txt", "text/plain", ("made on " + node).getBytes(StandardCharsets.UTF_8));
                    return JobOutcome.success();
                })
                .handler("big", ctx -> {
                    ctx.writeArtifact("big.bin", "application/octet-stream", bigContent());
                    return JobOutcome.success();
                })
                .handler("long", ctx -> {
                    longStarted.countDown();
                    new CountDownLatch(1).await(); // until interrupted
                    return JobOutcome.success();
                }));
    }

    @BeforeEach
    void startBoth() {
        url = BASE + "&currentSchema=jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        a = start("server-a");
        b = start("server-b");
    }

    @AfterEach
    void stopBoth() throws Exception {
        a.close();
        b.close();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
        }
    }

    @Test
    void submitOnAReadWaitFollowAndDownloadOnB() throws Exception {
        ApiClient onA = new ApiClient(a.port(), TOKEN);
        ApiClient onB = new ApiClient(b.port(), TOKEN);
        String id = onA.post("/v1/jobs", "{\"type\": \"report\"}").json().get("id").asText();

        JsonNode done = onB.get("/v1/jobs/" + id + "?wait=30s").json();
        assertThat(done.get("state").asText()).isEqualTo("succeeded");
        String madeOn = done.get("node").asText();
        assertThat(onB.get("/v1/jobs/" + id + "/artifacts/r.txt").raw()).isEqualTo("made on " + madeOn);
        assertThat(onB.as(null).get(done.get("artifacts").get(0).get("url").asText()).raw()).isEqualTo("made on " + madeOn);
        assertThat(onA.as(null).get(done.get("artifacts").get(0).get("url").asText()).status()).isEqualTo(200);

        List<String> events = sse(b.port(), id);
        assertThat(events).isNotEmpty();
        assertThat(events.getLast()).contains("\"state\":\"succeeded\"");
    }

    /** 2.5 chunks of the database artifact store, deterministic so both nodes and the test agree. */
    static byte[] bigContent() {
        byte[] b = new byte[5 * 512 * 1024 + 17];
        new java.util.Random(42).nextBytes(b);
        return b;
    }

    @Test
    void anArtifactKeptInTheDatabaseIsServedWholeAndInRangesByTheOtherNode() throws Exception {
        ApiClient onA = new ApiClient(a.port(), TOKEN);
        String id = onA.post("/v1/jobs", "{\"type\": \"big\"}").json().get("id").asText();
        JsonNode done = new ApiClient(b.port(), TOKEN).get("/v1/jobs/" + id + "?wait=30s").json();
        assertThat(done.get("state").asText()).isEqualTo("succeeded");
        String other = done.get("node").asText().equals("server-a") ? "b" : "a";
        int port = other.equals("a") ? a.port() : b.port();
        byte[] expected = bigContent();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + id + "/artifacts/big.bin");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(expected);
        int chunk = 1024 * 1024;
        for (int[] r : new int[][] {{chunk - 3, chunk + 2}, {0, 0}, {2 * chunk, expected.length - 1}, {expected.length - 1, expected.length - 1}}) {
            HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                    .header("Range", "bytes=" + r[0] + "-" + r[1]).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(expected, r[0], r[1] + 1));
        }
        // the signed link works on either node
        String link = done.get("artifacts").get(0).get("url").asText();
        HttpResponse<byte[]> signed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + link)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.body()).isEqualTo(expected);
    }

    @Test
    void aCancelThroughBStopsAJobRunningAnywhere() throws Exception {
        ApiClient onA = new ApiClient(a.port(), TOKEN);
        ApiClient onB = new ApiClient(b.port(), TOKEN);
        String id = onA.post("/v1/jobs", "{\"type\": \"long\"}").json().get("id").asText();
        assertThat(longStarted.await(20, TimeUnit.SECONDS)).isTrue();
        onB.post("/v1/jobs/" + id + "/cancel", "");
        assertThat(onA.get("/v1/jobs/" + id + "?wait=10s").json().get("state").asText()).isEqualTo("cancelled");
    }

    private static List<String> sse(int port, String id) throws IOException, InterruptedException {
        HttpResponse<java.util.stream.Stream<String>> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/jobs/" + id + "/events"))
                        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofLines());
        return r.body().filter(l -> l.startsWith("data: ")).toList();
    }
}
