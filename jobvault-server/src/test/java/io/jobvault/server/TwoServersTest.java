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
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/** Two servers on one PostgreSQL database: what is submitted through A can be read, followed, downloaded and cancelled through B. */
class TwoServersTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "two-servers-token";
    static final CountDownLatch longStarted = new CountDownLatch(1);

    @TempDir
    Path shared;
    String url;
    JobvaultServer a;
    JobvaultServer b;

    private JobvaultServer start(String node) {
        return JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), builder -> builder.nodeId(node)
                .artifactDirectory(shared).queue("default", 4).pollInterval(Duration.ofMillis(200))
                .handler("report", ctx -> {
                    ctx.writeArtifact("r.txt", "text/plain", ("made on " + node).getBytes(StandardCharsets.UTF_8));
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
