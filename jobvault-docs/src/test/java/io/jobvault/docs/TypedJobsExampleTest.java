package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobvault.JobDefinition;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.json.JsonMappers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "Typed jobs" examples of docs/java-api.md, run on a SQLite file. */
class TypedJobsExampleTest {
    @TempDir
    Path dataDir;

    // doc:begin java-api-typed-definition
    record Report(int customerId, LocalDate day) {}

    record ReportResult(String file, int pages) {}

    static final JobDefinition<Report, ReportResult> REPORT =
            JobDefinition.of("report.pdf", Report.class, ReportResult.class)
                    .queue("reports")
                    .maxAttempts(5)
                    .timeout(Duration.ofMinutes(10))
                    .concurrencyKey("customer:{customerId}", 1);   // one report per customer at a time
    // doc:end java-api-typed-definition

    private static byte[] render(Report report) {
        return ("%PDF-1.7 customer " + report.customerId()).getBytes();
    }

    @Test
    void aTypedJobRunsAndItsResultReadsBackTyped() {
        ObjectMapper applicationMapper = JsonMappers.defaults();
        // doc:begin java-api-typed-run
        Jobvault jobvault = Jobvault.builder()
                .database("jdbc:sqlite:" + dataDir.resolve("jobs.db"))
                .objectMapper(applicationMapper)   // optional; default: records, java.time as ISO-8601 text
                .queue("reports", 2)
                .handler(REPORT, (report, ctx) -> {
                    ctx.writeArtifact("report.pdf", "application/pdf", render(report));
                    return JobOutcome.success(new ReportResult("report.pdf", 3));
                })
                .build();

        UUID id = jobvault.submit(REPORT, new Report(42, LocalDate.of(2026, 12, 7))).id();
        // later, on any node:
        Optional<ReportResult> result = jobvault.result(REPORT, id);   // empty until it succeeded
        // doc:end java-api-typed-run
        try (jobvault) {
            await().atMost(Duration.ofSeconds(20)).until(() -> jobvault.get(id).state() == JobState.SUCCEEDED);
            assertThat(jobvault.result(REPORT, id)).contains(new ReportResult("report.pdf", 3));
            assertThat(jobvault.get(id).concurrencyKey()).isEqualTo("customer:42");
            assertThat(jobvault.get(id).payload()).isEqualTo("{\"customerId\":42,\"day\":\"2026-12-07\"}");
            assertThat(result).isNotNull();
        }
    }

    @Test
    void submitOptionsAndTheStringApiMeetInTheSameJob() {
        try (Jobvault jobvault = Jobvault.builder().database("jdbc:sqlite:" + dataDir.resolve("jobs.db")).build()) {
            LocalDate day = LocalDate.of(2026, 12, 7);
            // doc:begin java-api-typed-options
            jobvault.submit(REPORT, new Report(7, day),
                    options -> options.delay(Duration.ofMinutes(5)).idempotencyKey("report-7-" + day));

            // the same kind of job from code that has no Report class (HTTP, other languages, remote workers)
            jobvault.submit(JobRequest.builder("report.pdf").queue("reports")
                    .payload("{\"customerId\": 8, \"day\": \"2026-12-07\"}").build());
            // doc:end java-api-typed-options
            assertThat(jobvault.counts(null)).allSatisfy(c -> assertThat(c.type()).isEqualTo("report.pdf"));
            assertThat(jobvault.counts(null).stream().mapToLong(c -> c.count()).sum()).isEqualTo(2);
        }
    }
}
