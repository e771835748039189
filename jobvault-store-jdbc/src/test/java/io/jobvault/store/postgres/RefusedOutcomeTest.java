package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL refuses a NUL byte in text. A handler whose error message holds one must not block the node's other
 * results behind an endlessly retried batch: its run is recorded as a failure with the text cleaned, the rest as
 * they ended.
 */
class RefusedOutcomeTest {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Test
    void anOutcomeTheStoreRefusesIsRecordedCleanedAndTheOthersAreRecordedToo() {
        try (Jobvault jv = Jobvault.builder().database(schema.url()).nodeId("n1").queue("default", 8)
                .pollInterval(Duration.ofMillis(50))
                .handler("poison", ctx -> {
                    throw new IllegalStateException("bad\u0000byte");
                })
                .handler("ok", ctx -> JobOutcome.success())
                .build()) {
            UUID poison = jv.submit(JobRequest.builder("poison").maxAttempts(1).build()).id();
            List<UUID> ok = new ArrayList<>();
            for (int i = 0; i < 20; i++) ok.add(jv.submit(JobRequest.of("ok", "{}")).id());

            await().atMost(Duration.ofSeconds(30)).until(() -> jv.get(poison).state().isTerminal()
                    && ok.stream().allMatch(id -> jv.get(id).state() == JobState.SUCCEEDED));
            Job dead = jv.get(poison);
            assertThat(dead.state()).isEqualTo(JobState.DEAD);
            assertThat(dead.lastError()).contains("the store refused this run's outcome").contains("badbyte")
                    .doesNotContain("\u0000");
            assertThat(jv.attempts(poison)).singleElement().satisfies(a -> assertThat(a.errorMessage()).contains("badbyte"));
        }
    }
}
