package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobExpiredException;
import io.jobvault.JobNotFoundException;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.NoSuchJobException;
import io.jobvault.Retention;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Finished jobs are pruned when their retention ends, and a pruned id says "expired", not "not found". */
class RetentionAndLookupTest extends EngineTestBase {
    Jobvault jv;

    @BeforeEach
    void startNode() {
        jv = h.start(h.builder("n1").queue("default", 2)
                .handler("ok", ctx -> JobOutcome.success())
                .handler("bad", ctx -> JobOutcome.discard("no"))
                .jobType(JobType.of("short", ctx -> JobOutcome.success()).withRetention(Retention.all(Duration.ofHours(1)))));
    }

    @Test
    void succeededJobsArePrunedAfterSevenDaysAndDeadOnesAfterThirty() {
        UUID ok = jv.submit(JobRequest.of("ok", "{}")).id();
        UUID bad = jv.submit(JobRequest.of("bad", "{}")).id();
        Job done = awaitState(jv, ok, JobState.SUCCEEDED);
        awaitState(jv, bad, JobState.DEAD);
        assertThat(done.expiresAt()).isEqualTo(done.finishedAt().plus(Duration.ofDays(7)));

        h.clock.advance(Duration.ofDays(7).plusMinutes(1));
        awaitGone(ok);
        assertThat(jv.get(bad).state()).isEqualTo(JobState.DEAD);
        h.clock.advance(Duration.ofDays(23));
        awaitGone(bad);
        assertThatThrownBy(() -> jv.get(ok)).isInstanceOf(JobExpiredException.class).hasMessageContaining("retention");
        assertThatThrownBy(() -> jv.attempts(bad)).isInstanceOf(JobExpiredException.class);
    }

    @Test
    void retentionCanBeSetPerTypeAndPerJob() {
        UUID byType = jv.submit(JobRequest.of("short", "{}")).id();
        UUID byJob = jv.submit(JobRequest.builder("ok").retention(Duration.ofMinutes(10)).build()).id();
        awaitState(jv, byType, JobState.SUCCEEDED);
        awaitState(jv, byJob, JobState.SUCCEEDED);
        h.clock.advance(Duration.ofMinutes(11));
        awaitGone(byJob);
        assertThat(jv.get(byType).state()).isEqualTo(JobState.SUCCEEDED);
        h.clock.advance(Duration.ofMinutes(50));
        awaitGone(byType);
    }

    @Test
    void anIdThisStoreNeverIssuedIsNotFound() {
        UUID issuedElsewhere = new io.jobvault.id.JobIds(io.jobvault.id.JobIds.newSecret()).newId(h.clock.instant());
        assertThatThrownBy(() -> jv.get(UUID.randomUUID())).isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> jv.get(issuedElsewhere)).isInstanceOf(JobNotFoundException.class)
                .hasMessageContaining("never issued");
    }

    private void awaitGone(UUID id) {
        await().atMost(EngineHarness.WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            try {
                jv.get(id);
                return false;
            } catch (NoSuchJobException e) {
                return true;
            }
        });
    }
}
