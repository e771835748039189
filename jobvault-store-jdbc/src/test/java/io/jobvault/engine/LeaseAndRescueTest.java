package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Leases: a dead node's jobs come back after the lease; a stale run cannot record its result. */
class LeaseAndRescueTest extends EngineTestBase {

    @Test
    void aJobHeldByADeadNodeIsRescuedWhenItsLeaseExpiresAndRunsAgain() {
        SqliteJobStore ghost = h.rawStore();
        UUID id = ghost.jobsInsert(List.of(aJob(h.clock.instant()).type("work").build())).getFirst().id();
        ghost.jobsClaim(new JobClaimParams("default", 1, "ghost", h.clock.instant().plusSeconds(30), h.clock.instant()));

        Jobvault jv = h.start(h.builder("live").queue("default", 1).handler("work", ctx -> JobOutcome.success()));
        h.clock.advance(Duration.ofSeconds(29));
        assertThat(jv.get(id).state()).isEqualTo(JobState.RUNNING);
        h.clock.advance(Duration.ofSeconds(6)); // past the lease, and a rescue interval later

        Job done = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(2);
        assertThat(jv.attempts(id)).extracting(Attempt::outcome, Attempt::node).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.LEASE_EXPIRED, "ghost"),
                org.assertj.core.groups.Tuple.tuple(Attempt.Outcome.SUCCEEDED, "live"));
    }

    @Test
    void aRunWhoseLeaseWasTakenAwayCannotRecordItsResult() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CountDownLatch rejected = new CountDownLatch(1);
        JobListener onRejected = new JobListener() {
            @Override
            public void jobResultRejected(UUID jobId, int attempt) {
                if (attempt == 1) rejected.countDown();
            }
        };
        Jobvault jv = h.start(h.builder("n1").queue("default", 2).listener(onRejected).handler("work", ctx -> {
            if (ctx.attempt() == 1) {
                firstStarted.countDown();
                EngineHarness.awaitIgnoringInterrupts(releaseFirst);
            }
            return JobOutcome.success("{\"attempt\":" + ctx.attempt() + "}");
        }));
        UUID id = jv.submit(JobRequest.of("work", "{}")).id();
        assertThat(firstStarted.await(20, TimeUnit.SECONDS)).isTrue();

        // Another node's rescuer decides the lease is gone (e.g. this node stalled): the job runs again.
        h.rawStore().jobsRescue(new JobRescueParams(h.clock.instant().plus(Duration.ofHours(1)), null, 10));
        Job second = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(second.result()).isEqualTo("{\"attempt\":2}");

        // The stale first run now finishes. Its result must not land: this node's heartbeat may already have found
        // the lease lost (the result is dropped), or the fenced write refuses it; either way it is reported rejected.
        releaseFirst.countDown();
        assertThat(rejected.await(20, TimeUnit.SECONDS)).isTrue();
        Job after = jv.get(id);
        assertThat(after.result()).isEqualTo("{\"attempt\":2}");
        assertThat(after.attempt()).isEqualTo(2);
        assertThat(jv.attempts(id)).extracting(Attempt::outcome)
                .containsExactly(Attempt.Outcome.LEASE_EXPIRED, Attempt.Outcome.SUCCEEDED);
    }

    @Test
    void aRestartedNodeTakesBackAtOnceWhatItsPreviousIncarnationHeld() {
        SqliteJobStore previous = h.rawStore();
        UUID id = previous.jobsInsert(List.of(aJob(h.clock.instant()).type("work").build())).getFirst().id();
        previous.jobsClaim(new JobClaimParams("default", 1, "n1", h.clock.instant().plus(Duration.ofMinutes(5)), h.clock.instant()));

        // No clock movement: the lease is far from expiring, yet the restart rescues it.
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("work", ctx -> JobOutcome.success()));
        Job done = awaitState(jv, id, JobState.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(2);
    }

    @Test
    void heartbeatsKeepALongRunningJobLeased() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("long", ctx -> {
            started.countDown();
            finish.await();
            return JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("long", "{}")).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 12; i++) { // two minutes in 10 s steps, four lease lengths
            h.clock.advance(Duration.ofSeconds(10));
            var expected = h.clock.instant().plusSeconds(30);
            org.awaitility.Awaitility.await().atMost(EngineHarness.WAIT)
                    .until(() -> expected.equals(jv.get(id).leaseExpiresAt()));
        }
        finish.countDown();
        assertThat(awaitState(jv, id, JobState.SUCCEEDED).attempt()).isEqualTo(1);
    }
}
