package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server whose clock is five minutes ahead of its PostgreSQL database's, beside a node whose clock is right: the
 * server says so in {@code /v1/health} and in the {@code clock.skewed} alert, and still counts the other node as live
 * (its heartbeats are judged on the database's clock), so it accepts the jobs only that node runs.
 */
class ClockSkewPostgresTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "clock-skew-token";

    String schema;
    Jobvault other;
    JobvaultServer skewed;

    @BeforeEach
    void start() {
        schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = BASE + "&currentSchema=" + schema; // node ids are locked database-wide: unique ones
        other = Jobvault.builder().database(url).nodeId(schema + "-right").queue("elsewhere", 1)
                .handler("only.elsewhere", ctx -> JobOutcome.success()).build();
        skewed = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), n -> n.nodeId(schema + "-ahead")
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5))).queue("default", 1));
    }

    @AfterEach
    void stop() throws Exception {
        if (skewed != null) skewed.close();
        if (other != null) other.close();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aServerWhoseClockIsAheadSaysSoAndStillSeesTheOtherNodeAlive() {
        ApiClient api = new ApiClient(skewed.port(), TOKEN);

        JsonNode clock = api.get("/v1/health").json().get("clock");
        assertThat(clock.get("liveness").asText()).isEqualTo("database");
        assertThat(clock.get("skewSeconds").asDouble()).isCloseTo(300.0, org.assertj.core.data.Offset.offset(2.0));
        assertThat(clock.get("skewed").asBoolean()).isTrue();

        ApiClient.Response r = api.post("/v1/jobs", "{\"type\": \"only.elsewhere\", \"queue\": \"elsewhere\"}");
        assertThat(r.status()).as("a type only the other node runs: " + r.raw()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(StreamSupport
                .stream(api.get("/v1/alerts").json().get("open").spliterator(), false).map(a -> a.get("key").asText()))
                .contains("clock.skewed:" + schema + "-ahead"));
    }
}
