package io.jobvault.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.alert.AlertCondition;
import io.jobvault.alert.Severity;
import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import io.jobvault.store.ScheduleRow;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The report's recovery and latency figures, on SQLite and on the real PostgreSQL (its own schema). */
class HealthReportEngineTest {
    private static final String PG = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void aJobThatFailedThenSucceededCountsAsRecoveredWithItsTimeToRecovery(String store) throws Exception {
        String schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = store.equals("sqlite") ? "jdbc:sqlite:" + dir.resolve("jobvault.db") : PG + "&currentSchema=" + schema;
        SettableClock clock = SettableClock.atFixedStart();
        try (Jobvault jv = Jobvault.builder().database(url).artifactDirectory(dir.resolve("a")).clock(clock).nodeId("n1")
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).queue("default", 2)
                .handler("flaky", ctx -> ctx.attempt() == 1 ? JobOutcome.retry("first try fails", Duration.ofMinutes(2))
                        : JobOutcome.success()).build()) {
            UUID id = jv.submit(JobRequest.of("flaky", "{}")).id();
            await().atMost(Duration.ofSeconds(20)).until(() -> jv.get(id).state() == JobState.RETRYING);
            clock.advance(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(20)).until(() -> jv.get(id).state() == JobState.SUCCEEDED);
            HealthReport r = jv.healthReport(Duration.ofHours(1));
            assertThat(r.recovery().recovered()).isEqualTo(1);
            assertThat(r.recovery().mean()).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(2).plusSeconds(5));
            assertThat(r.types()).extracting(HealthReport.TypeOutcomes::type, HealthReport.TypeOutcomes::succeeded)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("flaky", 1L));
            assertThat(r.queueLatency().samples()).isEqualTo(1);
            assertThat(r.queueLatency().max()).isLessThan(Duration.ofSeconds(5)); // it started right at its run-at
            assertThat(r.recommendations()).containsExactly("nothing to do: every scheduled run succeeded and no job type is failing");
        } finally {
            if (store.equals("postgres")) {
                try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        }
    }

    @Test
    void aScheduleSetAsideForAnInvalidDefinitionIsACriticalFinding() {
        String url = "jdbc:sqlite:" + dir.resolve("jobvault.db");
        SettableClock clock = SettableClock.atFixedStart();
        try (Jobvault jv = Jobvault.builder().database(url).artifactDirectory(dir.resolve("a")).clock(clock).nodeId("n1")
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).queue("default", 2)
                .handler("test.ok", ctx -> JobOutcome.success()).build()) {
            Instant now = clock.instant();
            try (JobStore store = JobStoreProvider.forUrl(url).orElseThrow().open(url)) { // as an older version stored it
                store.scheduleUpsert(new ScheduleRow("bad", "{\"id\": \"bad\", \"every\": \"PT1H\", \"zone\": \"UTC\", \"job\":"
                        + " {\"type\": \"test.ok\", \"timeout\": \"PT9223372036854775807S\"}}", false, now.plus(Duration.ofHours(1)),
                        null, "api", now, now, 0));
            }
            HealthReport r = jv.healthReport(Duration.ofHours(1));
            assertThat(r.schedules()).isEmpty(); // no coverage to count: it cannot run
            AlertCondition finding = r.findings().stream().filter(f -> f.key().equals("health.schedule-invalid:bad")).findFirst()
                    .orElseThrow(() -> new AssertionError("no finding for the invalid schedule in " + r.findings()));
            assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(finding.message()).contains("timeout");
            assertThat(r.recommendations()).anyMatch(a -> a.startsWith("schedule bad does not run") && a.contains("PUT /v1/schedules/bad"));
        }
    }
}
