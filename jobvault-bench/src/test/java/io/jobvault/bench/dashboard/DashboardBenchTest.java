package io.jobvault.bench.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import io.jobvault.testkit.JobCountsCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard bench at a small size on both stores, so it cannot rot: the seed leaves the counters equal to a count
 * of the table, and every call runs and finds rows. Its timings are not held to the goal here (that takes the big run).
 */
class DashboardBenchTest {
    private static final String POSTGRES = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final int JOBS = 30_000;

    @TempDir
    Path dir;

    @Test
    void seedsExactCountersAndTimesEveryCallOnSqlite() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("dashboard.db");
        benchAndCheck(url);
    }

    @Test
    void seedsExactCountersAndTimesEveryCallOnPostgres() throws Exception {
        String schema = "jv_dash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            benchAndCheck(POSTGRES + "&currentSchema=" + schema);
        } finally {
            try (Connection c = DriverManager.getConnection(POSTGRES); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void benchAndCheck(String url) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DashboardBench.Result result = new DashboardBench(url, "test store", JOBS, 3, false, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
        String text = printed.toString(StandardCharsets.UTF_8);

        assertThat(result.countersExact()).as(text).isTrue();
        assertThat(text).contains("counters: exact").contains("seeded 30,000 jobs").containsPattern("dashboard bench: (PASS|FAIL)");
        assertThat(result.timings()).extracting(DashboardBench.Timing::name)
                .contains("overview", "queues", "jobs: state=dead", "jobs: label team=billing", "jobs: finished in an hour",
                        "jobs: deep keyset page", "job: details + attempts", "audit: deep page", "schedules", "alerts: open and a day resolved",
                        "nodes", "health page");
        // every call reads something: a filter that matched nothing would time an empty walk
        assertThat(result.timings()).allSatisfy(t -> assertThat(t.rows()).as(t.name()).isPositive());
        assertThat(result.timings()).filteredOn(t -> t.name().startsWith("jobs: ") && !t.name().contains("keyset"))
                .allSatisfy(t -> assertThat(t.rows()).as(t.name()).isEqualTo(DashboardCalls.PAGE));
        try (JobStore store = JobStoreProvider.require(url).open(url); Connection c = DriverManager.getConnection(url)) {
            JobCountsCheck.assertCountersMatchTable(store, c);
        }
    }
}
