package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobCount;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.testkit.JobCountsCheck;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL the counters' triggers append to change logs (no hot counter rows): a running node's leader folds
 * them into the totals, so the logs stay short, and the counts stay exact across the fold.
 */
class PostgresCountsFoldTest {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();
    @TempDir
    Path dir;

    @Test
    void theLeaderFoldsTheLogsAndTheCountsStayExact() throws Exception {
        String node = "fold-" + UUID.randomUUID().toString().substring(0, 8);
        try (Jobvault jv = Jobvault.builder().database(schema.url()).nodeId(node).artifactDirectory(dir)
                .tickInterval(Duration.ofMillis(10)).queue("default", 4).handler("ok", ctx -> JobOutcome.success()).build();
             PostgresJobStore reader = PostgresJobStore.open(schema.url());
             Connection c = DriverManager.getConnection(schema.url())) {
            List<JobRequest> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) requests.add(JobRequest.builder("ok").tenant(i % 2 == 0 ? "acme" : "").build());
            jv.submitAll(requests);
            await().atMost(Duration.ofSeconds(60)).until(() -> succeeded(jv) == 200);
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(c, "job_counts_log") == 0 && rows(c, "job_throughput_log") == 0);
            assertThat(rows(c, "job_counts")).isPositive();
            JobCountsCheck.assertCountersMatchTable(reader, c);
        }
    }

    private static long succeeded(Jobvault jv) {
        return jv.counts(null).stream().filter(n -> n.type().equals("ok") && n.state() == JobState.SUCCEEDED)
                .mapToLong(JobCount::count).sum();
    }

    private static long rows(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
