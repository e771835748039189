package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Timing;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An embedded engine given a registry records the documented meters (docs/observability.md) on it. */
class EngineMetricsTest extends EngineTestBase {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void jobsAreCountedByTypeQueueAndOutcomeWithRunTimeLatencyAndRetries() {
        Jobvault jv = h.start(h.builder("n1").meterRegistry(registry).queue("default", 2)
                .handler("ok", ctx -> JobOutcome.success())
                .handler("bad", ctx -> JobOutcome.discard("no"))
                .handler("flaky", ctx -> JobOutcome.retry("busy", Duration.ofMinutes(5))));
        UUID ok = jv.submit(JobRequest.of("ok", "{}")).id();
        UUID bad = jv.submit(JobRequest.of("bad", "{}")).id();
        UUID flaky = jv.submit(JobRequest.builder("flaky").maxAttempts(3).build()).id();
        awaitState(jv, ok, JobState.SUCCEEDED);
        awaitState(jv, bad, JobState.DEAD);
        awaitState(jv, flaky, JobState.RETRYING);

        await().atMost(EngineHarness.WAIT).untilAsserted(() -> {
            assertThat(count(registry.find("jobvault.jobs.finished").tags("type", "ok", "queue", "default", "outcome", "succeeded"))).isEqualTo(1);
            assertThat(count(registry.find("jobvault.jobs.finished").tags("type", "bad", "outcome", "dead"))).isEqualTo(1);
            assertThat(count(registry.find("jobvault.jobs.finished").tags("type", "flaky", "outcome", "retrying"))).isEqualTo(1);
            assertThat(count(registry.find("jobvault.jobs.retries").tags("type", "flaky", "queue", "default"))).isEqualTo(1);
        });
        assertThat(count(registry.find("jobvault.jobs.submitted").tags("type", "ok", "queue", "default"))).isEqualTo(1);
        assertThat(count(registry.find("jobvault.jobs.started").tags("type", "bad", "queue", "default"))).isEqualTo(1);
        assertThat(registry.get("jobvault.jobs.run.time").tags("type", "ok", "queue", "default").timer().count()).isEqualTo(1);
        assertThat(registry.get("jobvault.jobs.pickup.latency").tags("type", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.find("jobvault.jobs.finished").tags("outcome", "succeeded").counters()).hasSize(1);
    }

    @Test
    void queueDepthComesFromTheStoreForEveryWorkedQueueFromTheStart() {
        Jobvault jv = h.start(h.builder("n1").meterRegistry(registry).queue("default", 1).handler("ok", ctx -> JobOutcome.success()));
        assertThat(registry.get("jobvault.queue.depth").tag("queue", "default").gauge().value()).isZero();
        assertThat(registry.get("jobvault.prune.lag.seconds").gauge().value()).isZero();

        jv.submit(JobRequest.builder("ok").queue("idle").build()); // a queue no node works: it waits there
        h.clock.advance(Duration.ofSeconds(6)); // past the few seconds the store read is reused
        registry.get("jobvault.queue.depth").tag("queue", "default").gauge().value(); // reads the store once for all
        assertThat(registry.get("jobvault.queue.depth").tag("queue", "idle").gauge().value()).isEqualTo(1);
    }

    @Test
    void scheduleFiresAreCountedByScheduleKindAndStatus() {
        h.start(h.builder("n1").meterRegistry(registry).queue("default", 1).handler("report", ctx -> JobOutcome.success())
                .schedulerInterval(Duration.ofMillis(10))
                .schedule(Schedule.builder("minutely", Timing.cron("* * * * *"), JobTemplate.of("report")).build()));
        h.clock.advance(Duration.ofMinutes(1));
        await().atMost(EngineHarness.WAIT).untilAsserted(() -> assertThat(count(registry.find("jobvault.schedule.fires")
                .tags("schedule", "minutely", "kind", "scheduled", "status", "enqueued"))).isEqualTo(1));
    }

    @Test
    void aRescueIsCountedByType() {
        io.jobvault.store.sqlite.SqliteJobStore ghost = h.rawStore();
        UUID id = ghost.jobsInsert(java.util.List.of(io.jobvault.testkit.JobInserts.aJob(h.clock.instant()).type("work").build()))
                .getFirst().id();
        ghost.jobsClaim(new io.jobvault.store.JobClaimParams("default", 1, "ghost", h.clock.instant().plusSeconds(30), h.clock.instant()));
        Jobvault jv = h.start(h.builder("live").meterRegistry(registry).queue("default", 1).handler("work", ctx -> JobOutcome.success()));
        h.clock.advance(Duration.ofSeconds(35)); // past the ghost's lease, and a rescue interval later

        awaitState(jv, id, JobState.SUCCEEDED);
        await().atMost(EngineHarness.WAIT).untilAsserted(() ->
                assertThat(count(registry.find("jobvault.jobs.rescued").tags("type", "work"))).isEqualTo(1));
    }

    private static double count(Search search) {
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
