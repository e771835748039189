package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.Timing;
import io.jobvault.server.JobvaultServer;
import io.jobvault.server.ServerConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /nodes} on PostgreSQL, two nodes on one schema: a server whose clock is five minutes ahead of the database's
 * and a node whose clock is right. The page, from either, shows both live with each one's own clock offset (recorded
 * with its heartbeat), the skewed one flagged, as the Alerts and Health pages say too; and a schedule triggered from
 * its page runs (on the other node), counts in its coverage and is in the audit log, on this store.
 */
class DashboardPostgresTest {
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

        assertThat(b.get("/alerts").body()).contains("clock.skewed"); // the same skew, as an alert
        assertThat(b.get("/health-report").body()).contains("id=\"health-concerns\"", "off the database&#39;s");
    }

    @Test
    void aScheduleIsTriggeredFromItsPageOnPostgres() {
        ahead.jobvault().schedules().put(Schedule.builder("pg.report", Timing.cron("0 6 * * *"), new JobTemplate("only.elsewhere",
                "{}", "elsewhere", 0, null, null)).keys(List.of("acme", "globex")).build(), Schedules.SOURCE_API);
        Browser b = new Browser(ahead.port());
        b.signIn(TOKEN);
        Browser.Page page = b.get("/schedules/pg.report");
        assertThat(page.body()).contains("id=\"trigger-form\"");
        Browser.Page done = b.post("/schedules/pg.report/trigger", Map.of("_csrf", page.csrf(), "reason", "postgres check", "key", "globex"));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(20)).until(() -> b.get("/schedules/pg.report").body().contains("1/1 succeeded"));
        assertThat(b.get("/schedules").body()).contains("id=\"schedule-pg.report\"", "1/1 succeeded");
        assertThat(b.get("/audit").body()).contains("schedule.trigger", "postgres check", "&quot;via&quot;:&quot;dashboard&quot;");
    }

    private static String row(String page, String node) {
        Matcher m = Pattern.compile("<tr id=\"node-" + Pattern.quote(node) + "\">(.*?)</tr>").matcher(page);
        assertThat(m.find()).as("a row for " + node).isTrue();
        return m.group(1);
    }
}
