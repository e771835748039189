package io.jobvault.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.FinishedRuns;
import io.jobvault.JobCount;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.testkit.JobCountsCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The engine's runs keep the job counters exact and count ended runs per minute (Jobvault.counts, Jobvault.throughput),
 * and its leader forgets the minutes past their retention.
 */
class JobCountsTest extends EngineTestBase {
    /** The test's job types (the engine may add jobs of its own, such as alert deliveries). */
    private static final java.util.Set<String> TYPES = java.util.Set.of("ok", "flaky", "bad");

    private Jobvault start() {
        return h.start(h.builder("n1").queue("default", 2).pruneInterval(Duration.ofMinutes(1))
                .handler("ok", ctx -> JobOutcome.success())
                .handler("flaky", ctx -> ctx.attempt() == 1 ? JobOutcome.retry("busy", Duration.ZERO) : JobOutcome.success())
                .handler("bad", ctx -> JobOutcome.discard("bad input")));
    }

    private static Map<JobState, Long> byState(List<JobCount> counts) {
        Map<JobState, Long> m = new EnumMap<>(JobState.class);
        for (JobCount c : counts) if (TYPES.contains(c.type())) m.merge(c.state(), c.count(), Long::sum);
        return m;
    }

    private static Map<FinishedRuns.Outcome, Long> byOutcome(List<FinishedRuns> runs) {
        Map<FinishedRuns.Outcome, Long> m = new EnumMap<>(FinishedRuns.Outcome.class);
        for (FinishedRuns r : runs) m.merge(r.outcome(), r.count(), Long::sum);
        return m;
    }

    @Test
    void runsKeepTheCountersExactAndAreCountedPerMinute() throws Exception {
        Jobvault jv = start();
        Instant minute = h.clock.instant().truncatedTo(ChronoUnit.MINUTES);
        UUID later = jv.submit(JobRequest.builder("ok").delay(Duration.ofHours(1)).build()).id();
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(jv.submit(JobRequest.builder("ok").tenant("acme").build()).id());
        ids.add(jv.submit(JobRequest.of("flaky", "{}")).id());
        ids.add(jv.submit(JobRequest.of("bad", "{}")).id());
        for (UUID id : ids) await().atMost(EngineHarness.WAIT).until(() -> jv.get(id).state().isTerminal());

        assertThat(byState(jv.counts(null))).isEqualTo(Map.of(JobState.SUCCEEDED, 4L, JobState.DEAD, 1L, JobState.SCHEDULED, 1L));
        assertThat(jv.counts("acme")).containsExactly(new JobCount("default", "ok", JobState.SUCCEEDED, 3));
        assertThat(jv.counts("nobody")).isEmpty();
        // the flaky job's first attempt failed; the discard is a failed attempt and a death
        assertThat(byOutcome(jv.throughput(minute, null))).isEqualTo(Map.of(
                FinishedRuns.Outcome.SUCCEEDED, 4L, FinishedRuns.Outcome.FAILED, 2L, FinishedRuns.Outcome.DEAD, 1L));
        assertThat(byOutcome(jv.throughput(minute, "acme"))).isEqualTo(Map.of(FinishedRuns.Outcome.SUCCEEDED, 3L));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + h.db)) {
            JobCountsCheck.assertCountersMatchTable(h.rawStore(), c);
        }

        jv.cancel(later);
        assertThat(byState(jv.counts(null))).containsEntry(JobState.CANCELLED, 1L).doesNotContainKey(JobState.SCHEDULED);

        // past the retention the leader forgets the minute (the prune interval passes too)
        h.clock.advance(FinishedRuns.RETENTION.plus(Duration.ofMinutes(2)));
        await().atMost(EngineHarness.WAIT).until(() -> jv.throughput(minute, null).stream()
                .noneMatch(r -> r.minute().isBefore(minute.plus(Duration.ofHours(1)))));
    }
}
