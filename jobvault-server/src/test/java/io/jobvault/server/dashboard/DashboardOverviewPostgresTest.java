package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Overview's charts, the live streams and a bulk cancel by filter on PostgreSQL (in a schema of its own): the
 * per-minute figures, counters and bulk operations of that store behind the same pages.
 */
class DashboardOverviewPostgresTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "dashboard-overview-token";

    String schema;
    JobvaultServer server;

    @BeforeEach
    void start() {
        schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, BASE + "&currentSchema=" + schema, TOKEN),
                n -> n.nodeId(schema).pollInterval(Duration.ofMillis(100)).queue("default", 2)
                        .handler("test.ok", ctx -> JobOutcome.success()));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) server.close();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void chartsLiveStreamsAndABulkCancelByFilter() {
        List<UUID> ran = IntStream.range(0, 2).mapToObj(i -> server.jobvault().submit(JobRequest.builder("test.ok").build()).id()).toList();
        List<UUID> parked = IntStream.range(0, 3).mapToObj(i -> server.jobvault().submit(JobRequest.builder("test.ok").queue("parked")
                .delay(Duration.ofHours(1)).build()).id()).toList();
        await().atMost(Duration.ofSeconds(20)).until(() -> ran.stream().allMatch(id -> server.jobvault().get(id).state() == JobState.SUCCEEDED));
        Browser b = new Browser(server.port());
        b.signIn(TOKEN);
        await().atMost(Duration.ofSeconds(30)).until(() -> b.get("/").body()
                .contains("<tr id=\"throughput-hour\"><th scope=\"row\">Last hour</th><td class=\"num\">2</td>"));
        assertThat(b.firstEvent("/live/overview", "update")).contains("id=\"chart-day\"", "id=\"counts\"");
        assertThat(b.firstEvent("/live/queues", "update")).contains("id=\"queue-parked\"");

        Browser.Page preview = b.get("/jobs/bulk?queue=parked&action=cancel");
        assertThat(preview.body()).contains("<strong id=\"bulk-matched\">3</strong> jobs match");
        Browser.Page started = b.post("/jobs/bulk", Map.of("_csrf", preview.csrf(), "action", "cancel", "queue", "parked", "matched", "3"));
        assertThat(started.status()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(20)).until(() -> parked.stream().allMatch(id -> server.jobvault().get(id).state() == JobState.CANCELLED));
        await().atMost(Duration.ofSeconds(20)).until(() -> b.get(started.header("Location")).body().contains("state-done"));
    }
}
