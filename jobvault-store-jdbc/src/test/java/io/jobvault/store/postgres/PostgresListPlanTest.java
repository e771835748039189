package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.store.jdbc.ListQueryPlans;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** On PostgreSQL, with statistics of 200,000 jobs, no job filter's page plans a sequential scan of jobs or labels. */
class PostgresListPlanTest {
    private final String url = PostgresTestSchemas.newSchemaUrl();

    @AfterEach
    void drop() throws Exception {
        PostgresTestSchemas.drop(url);
    }

    @Test
    void everyFilterReadsAnIndexAndNoneScansTheTable() throws Exception {
        PostgresJobStore.open(url).close(); // migrated
        // the store binds ids as strings and lets PostgreSQL type them, as here
        try (Connection c = DriverManager.getConnection(url + "&stringtype=unspecified"); Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO jobs (id, type, queue, state, payload, max_attempts, attempt_budget, run_at, created_at,
                                      finished_at, tenant, labels, retain_succeeded_ms, retain_cancelled_ms, retain_dead_ms)
                    SELECT CAST(lpad(to_hex(i), 8, '0') || '-0000-7000-8000-' || lpad(to_hex(i), 12, '0') AS uuid),
                           't' || (i % 10), 'q' || (i % 5), CASE WHEN i % 3 = 0 THEN 'available' ELSE 'succeeded' END,
                           '{}', 3, 3, i, i, CASE WHEN i % 3 = 0 THEN NULL ELSE i END, '',
                           CASE WHEN i % 100 = 0 THEN '{"batch":"b' || (i % 7) || '"}' END, 1, 1, 1
                    FROM generate_series(1, 200000) AS i""");
            st.execute("ANALYZE jobs");
            st.execute("ANALYZE job_labels");
            Instant t = Instant.ofEpochMilli(1_000_000);
            UUID after = UUID.fromString("00001000-0000-7000-8000-000000001000");
            for (JobFilter f : List.of(JobFilter.ALL.withLabel("batch", "b3"), JobFilter.ALL.withLabel("batch", "b3").withState(JobState.SUCCEEDED),
                    JobFilter.ALL.withCreated(t, t.plusSeconds(60)), JobFilter.ALL.withFinished(Instant.ofEpochMilli(100), Instant.ofEpochMilli(200)),
                    JobFilter.ALL.withId(after), JobFilter.ALL.withState(JobState.DEAD), JobFilter.ALL.withTenant("x"))) {
                for (UUID cursor : new UUID[] {null, after}) {
                    List<String> plan = ListQueryPlans.plan(c, "EXPLAIN ", f, cursor);
                    assertThat(plan).as(f + " " + plan).noneMatch(line -> line.contains("Seq Scan"));
                }
            }
        }
    }
}
