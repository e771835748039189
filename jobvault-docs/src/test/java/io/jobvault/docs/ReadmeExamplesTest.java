package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java example at the top of README.md, run as written: on the default store, in the working directory. */
class ReadmeExamplesTest {
    /** The module's tests run in target/examples-cwd (see its pom), so the default store lands there. */
    private static final Path DEFAULT_DATA = Path.of("jobvault-data");

    record Report(int customer) {}

    @BeforeEach
    @AfterEach
    void removeDefaultStore() throws IOException {
        if (Files.exists(DEFAULT_DATA)) TempFiles.deleteTree(DEFAULT_DATA);
    }

    @Test
    void theFirstExampleRunsItsJobToSuccess() {
        // doc:begin readme-first-example
        Jobvault jobvault = Jobvault.builder()                            // store: ./jobvault-data/jobvault.db
                .queue("reports", 4)                                      // run up to 4 report jobs at once
                .handler("report.pdf", ctx -> {
                    Report r = ctx.payload(Report.class);
                    ctx.progress(50, "rendering " + r.customer());
                    return JobOutcome.success("{\"pages\": 12}");
                })
                .build();                                                 // one per process; close() when it stops
        UUID id = jobvault.submit(JobRequest.builder("report.pdf")
                .payload("{\"customer\": 42}").queue("reports").build()).id();   // durable on return
        Job job = jobvault.get(id);                                       // state, progress, attempts, result
        // doc:end readme-first-example
        try (jobvault) {
            assertThat(job.queue()).isEqualTo("reports");
            assertThat(Files.isRegularFile(DEFAULT_DATA.resolve("jobvault.db"))).as("the store the comment names").isTrue();
            Job done = await().atMost(Duration.ofSeconds(20)).until(() -> jobvault.get(id), j -> j.state().isTerminal());
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.result()).isEqualTo("{\"pages\": 12}");
            assertThat(done.progressMessage()).isEqualTo("rendering 42");
        }
    }
}
