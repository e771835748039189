package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The node registry and the maintenance leader, on one store shared by several nodes. */
class ClusterCoordinationTest extends EngineTestBase {

    @Test
    void theJobsOfANodeThatStoppedHeartbeatingAreRescuedWithoutWaitingForTheirLeases() {
        SqliteJobStore ghost = h.rawStore(); // a node that registers, claims with a 5-minute lease, then dies
        ghost.nodeHeartbeat("ghost", Set.of(), h.clock.instant());
        UUID id = ghost.jobsInsert(List.of(aJob(h.clock.instant()).type("work").build())).getFirst().id();
        ghost.jobsClaim(new JobClaimParams("default", 1, "ghost", h.clock.instant().plus(Duration.ofMinutes(5)), h.clock.instant()));

        Jobvault live = h.start(h.builder("live").nodeTimeout(Duration.ofSeconds(20)).queue("default", 1)
                .handler("work", ctx -> JobOutcome.success()));
        h.clock.advance(Duration.ofSeconds(19));
        assertThat(live.get(id).state()).isEqualTo(io.jobvault.JobState.RUNNING);
        h.clock.advance(Duration.ofSeconds(6)); // ghost silent for 25 s > 20 s; its job lease has minutes left

        Job done = awaitState(live, id, io.jobvault.JobState.SUCCEEDED);
        assertThat(done.leaseOwner()).isEqualTo("live");
        assertThat(live.attempts(id)).first().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.LEASE_EXPIRED);
            assertThat(a.node()).isEqualTo("ghost");
            assertThat(a.errorMessage()).contains("stopped heartbeating");
        });
        // ghost is forgotten right after its jobs are taken back (the job may finish on another thread first)
        await().atMost(EngineHarness.WAIT).until(() -> ghost.nodesSilentSince(h.clock.instant().plusSeconds(1)).equals(List.of("live")));
    }

    @Test
    void oneNodeLeadsMaintenanceAndAnotherTakesOverWhenItLeaves() {
        Jobvault a = h.start(h.builder("a"));
        SqliteJobStore observer = h.rawStore();
        await().atMost(EngineHarness.WAIT).until(() -> observer.leaderOf("maintenance").equals(java.util.Optional.of("a")));
        Jobvault b = h.builder("b").build();
        try {
            h.clock.advance(Duration.ofSeconds(10)); // both heartbeat; a keeps the lease it holds
            await().atMost(EngineHarness.WAIT).until(() -> observer.nodesSilentSince(h.clock.instant().plusSeconds(1)).size() == 2);
            assertThat(observer.leaderOf("maintenance")).contains("a");
            a.close(); // resigns and leaves the registry: b takes over at its next heartbeat, not after a lease period
            h.clock.advance(Duration.ofSeconds(5));
            await().atMost(EngineHarness.WAIT).until(() -> observer.leaderOf("maintenance").equals(java.util.Optional.of("b")));
            assertThat(observer.nodesSilentSince(h.clock.instant().plusSeconds(1))).containsExactly("b");
        } finally {
            b.close();
        }
    }
}
