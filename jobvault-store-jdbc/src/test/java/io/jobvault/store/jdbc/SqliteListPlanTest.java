package io.jobvault.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite (no ANALYZE, as the store runs), every job filter's page is an index search: no plan step scans the jobs
 * table or the label index, however many rows there are.
 */
class SqliteListPlanTest {
    @TempDir
    Path dir;

    @Test
    void everyFilterReadsAnIndexAndNoneScansTheTable() throws Exception {
        Path file = dir.resolve("jobvault.db");
        SqliteJobStore.open(file).close(); // migrated
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                    INSERT INTO jobs (id, type, queue, state, payload, max_attempts, attempt_budget, run_at, created_at,
                                      finished_at, tenant, labels, retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms)
                    SELECT printf('%08x-0000-7000-8000-%012x', i, i), 't' || (i % 10), 'q' || (i % 5),
                           CASE WHEN i % 3 = 0 THEN 'available' ELSE 'succeeded' END, '{}', 3, 3, i, i,
                           CASE WHEN i % 3 = 0 THEN NULL ELSE i END, '',
                           CASE WHEN i % 100 = 0 THEN '{"batch":"b' || (i % 7) || '"}' END, 1, 1, 1
                    FROM n""");
            Instant t = Instant.ofEpochMilli(1_000_000);
            UUID after = UUID.fromString("00001000-0000-7000-8000-000000001000");
            for (JobFilter f : List.of(JobFilter.ALL.withLabel("batch", "b3"), JobFilter.ALL.withLabel("batch", "b3").withState(JobState.SUCCEEDED),
                    JobFilter.ALL.withCreated(t, t.plusSeconds(60)), JobFilter.ALL.withFinished(Instant.ofEpochMilli(100), Instant.ofEpochMilli(200)),
                    JobFilter.ALL.withId(after), JobFilter.ALL.withState(JobState.DEAD), JobFilter.ALL.withTenant("x"))) {
                for (UUID cursor : new UUID[] {null, after}) {
                    List<String> plan = ListQueryPlans.plan(c, "EXPLAIN QUERY PLAN ", f, cursor);
                    assertThat(plan).as(f + " " + plan).noneMatch(line -> line.startsWith("SCAN"));
                    assertThat(plan).as(f + " " + plan).anyMatch(line -> line.startsWith("SEARCH"));
                }
            }
        }
    }

    /** Queue latency probes jobs_available once per queue and priority; it never reads the available jobs one by one. */
    @Test
    void queueLatencyProbesTheAvailableIndex() throws Exception {
        Path file = dir.resolve("latency.db");
        SqliteJobStore.open(file).close();
        SqlQueries sql = SqlQueries.load("/io/jobvault/store/sqlite/jobs.sql", SqlQueries.SHARED);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            for (String name : List.of("availableQueueAfter", "availablePriorityBelow", "availableOldestRunAt")) {
                List<String> plan = new java.util.ArrayList<>();
                try (Statement st = c.createStatement();
                     java.sql.ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + sql.get(name).replaceAll("\\?\\d", "1"))) {
                    while (rs.next()) plan.add(rs.getString(4));
                }
                assertThat(plan).as(name + " " + plan).singleElement().asString().matches("SEARCH jobs USING (COVERING )?INDEX jobs_available .*");
            }
        }
    }
}
