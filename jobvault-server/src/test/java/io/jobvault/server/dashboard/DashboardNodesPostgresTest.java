package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /nodes} on PostgreSQL, two nodes on one schema: a server whose clock is five minutes ahead of the database's
 * and a node whose clock is right. The page, from either, shows both live with each one's own clock offset (recorded
 * with its heartbeat), the skewed one flagged; and the dashboard's other pages answer on this store too.
 */
class DashboardNodesPostgresTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "dashboard-nodes-token";

    String schema;
    Jobvault right;
    JobvaultServer ahead;

    @BeforeEach
    void start() {
        schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = BASE + "&currentSchema=" + schema; // node ids are locked database-wide: unique ones
        right = Jobvault.builder().database(url).nodeId(schema + "-right").queue("elsewhere", 1)
                .handler("only.elsewhere", ctx -> JobOutcome.success()).build();
        ahead = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), n -> n.nodeId(schema + "-ahead")
                .clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5))).queue("default", 1));
    }

    @AfterEach
    void stop() throws Exception {
        if (ahead != null) ahead.close();
        if (right != null) right.close();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void eachNodeShowsItsOwnClockOffsetAndTheSkewedOneIsFlagged() {
        Browser b = new Browser(ahead.port());
        b.signIn(TOKEN);
        await().atMost(Duration.ofSeconds(20)).until(() -> b.get("/nodes").body().contains("id=\"node-" + schema + "-right\""));
        String page = b.get("/nodes").body();
        assertThat(page).contains("timed on the database's clock", Jobvault.VERSION);
        assertThat(row(page, schema + "-ahead")).contains("live", "clock-skewed").containsPattern("(299|300|301)\\.\\d s ahead");
        assertThat(row(page, schema + "-right")).contains("live").doesNotContain("clock-skewed").containsPattern("\\d\\.\\d s (ahead|behind)");

        assertThat(b.get("/schedules").status()).isEqualTo(200);
        assertThat(b.get("/alerts").body()).contains("clock.skewed"); // the same skew, as an alert
        assertThat(b.get("/nodes").status()).isEqualTo(200);
    }

    private static String row(String page, String node) {
        Matcher m = Pattern.compile("<tr id=\"node-" + Pattern.quote(node) + "\">(.*?)</tr>").matcher(page);
        assertThat(m.find()).as("a row for " + node).isTrue();
        return m.group(1);
    }
}
