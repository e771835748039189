package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.Jobvault;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of docs/observability.md, run on SQLite. */
class ObservabilityExamplesTest {
    @TempDir
    Path dir;

    @Test
    void anEmbeddedEngineRecordsItsMetricsOnTheApplicationsRegistry() {
        String url = "jdbc:sqlite:" + dir.resolve("jobvault.db");
        // doc:begin observability-micrometer
        MeterRegistry meterRegistry = new SimpleMeterRegistry(); // or the application's: Spring Boot's, a PrometheusMeterRegistry
        Jobvault jobvault = Jobvault.builder()
                .database(url)
                .meterRegistry(meterRegistry)      // without one, no meter is made and no event costs anything
                .queue("default", 4)
                .handler("report.pdf", ctx -> JobOutcome.success())
                .build();
        // doc:end observability-micrometer
        try (jobvault) {
            jobvault.submit(JobRequest.of("report.pdf", "{}"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(meterRegistry.find("jobvault.jobs.finished")
                    .tags("type", "report.pdf", "outcome", "succeeded").counter()).isNotNull());
        }
    }
}
