package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.JobvaultException;
import io.jobvault.store.HeartbeatResult;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobHeartbeatParams;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.LeaseRef;
import io.jobvault.store.RescuedJob;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Leases: heartbeats extend them, expired ones are rescued, shutdown hands them back, node ids are exclusive. */
public abstract class LeaseConformance extends StoreConformance {

    @Test
    void heartbeatExtendsHeldLeasesAndReportsLostAndCancelled() {
        insertAvailable();
        insertAvailable();
        Job held = claimOne();
        Job toCancel = claimOne();
        store.jobCancel(toCancel.id(), now());
        LeaseRef stale = new LeaseRef(UUID.randomUUID(), 1);

        clock.advance(Duration.ofSeconds(10));
        HeartbeatResult r = store.jobsHeartbeat(new JobHeartbeatParams(NODE,
                List.of(new LeaseRef(held.id(), 1), new LeaseRef(toCancel.id(), 1), stale), now().plus(LEASE), now()));

        assertThat(get(held.id()).leaseExpiresAt()).isEqualTo(now().plus(LEASE));
        assertThat(r.lost()).containsExactly(stale);
        assertThat(r.cancelRequested()).containsExactly(toCancel.id());
    }

    @Test
    void heartbeatOfAnotherOwnerOrAttemptIsLost() {
        insertAvailable();
        Job job = claimOne();
        HeartbeatResult wrongOwner = store.jobsHeartbeat(new JobHeartbeatParams("node-b",
                List.of(new LeaseRef(job.id(), 1)), now().plus(LEASE), now()));
        HeartbeatResult wrongAttempt = store.jobsHeartbeat(new JobHeartbeatParams(NODE,
                List.of(new LeaseRef(job.id(), 7)), now().plus(LEASE), now()));
        assertThat(wrongOwner.lost()).containsExactly(new LeaseRef(job.id(), 1));
        assertThat(wrongAttempt.lost()).containsExactly(new LeaseRef(job.id(), 7));
    }

    @Test
    void aStaleRunsHeartbeatDoesNotExtendTheCurrentRunsLease() {
        insertAvailable();
        Job stale = claimOne();
        clock.advance(LEASE.plusSeconds(1));
        store.jobsRescue(new JobRescueParams(now(), null, 100));
        Job current = claimOne(); // the same owner: this node claimed the job again while its first run hung
        assertThat(current.attempt()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(10));
        HeartbeatResult r = store.jobsHeartbeat(new JobHeartbeatParams(NODE,
                List.of(new LeaseRef(stale.id(), stale.attempt())), now().plus(LEASE), now()));

        assertThat(r.lost()).containsExactly(new LeaseRef(stale.id(), 1));
        assertThat(get(current.id()).leaseExpiresAt()).as("fenced by the attempt, like every other lease write")
                .isEqualTo(current.leaseExpiresAt());
    }

    @Test
    void expiredLeaseIsRescuedToAvailableWithTheAttemptRecorded() {
        insertAvailable();
        Job job = claimOne();
        clock.advance(LEASE.minusSeconds(1));
        assertThat(store.jobsRescue(new JobRescueParams(now(), null, 100))).isEmpty();

        clock.advance(Duration.ofSeconds(2));
        List<RescuedJob> rescued = store.jobsRescue(new JobRescueParams(now(), null, 100));
        assertThat(rescued).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(job.id());
            assertThat(r.owner()).isEqualTo(NODE);
            assertThat(r.newState()).isEqualTo(JobState.AVAILABLE);
        });
        assertThat(get(job.id()).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(store.jobAttempts(job.id())).singleElement()
                .satisfies(a -> assertThat(a.outcome()).isEqualTo(Attempt.Outcome.LEASE_EXPIRED));
        assertThat(claimOne().attempt()).isEqualTo(2);
    }

    @Test
    void expiredLeaseWithoutAttemptsLeftIsDead() {
        insert(aJob(now()).maxAttempts(1).build());
        Job job = claimOne();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(store.jobsRescue(new JobRescueParams(now(), null, 100))).singleElement()
                .satisfies(r -> assertThat(r.newState()).isEqualTo(JobState.DEAD));
        Job dead = get(job.id());
        assertThat(dead.state()).isEqualTo(JobState.DEAD);
        assertThat(dead.finishedAt()).isEqualTo(now());
        assertThat(dead.lastError()).contains("lease expired");
    }

    @Test
    void rescueByOwnerTakesEveryLeaseOfThatNodeAtOnce() {
        insertAvailable();
        insertAvailable();
        claim("default", 1, "crashed");
        claim("default", 1, "alive");
        List<RescuedJob> rescued = store.jobsRescue(new JobRescueParams(now(), "crashed", 100));
        assertThat(rescued).extracting(RescuedJob::owner).containsExactly("crashed");
    }

    @Test
    void releaseHandsTheLeaseBackWithoutUsingTheAttempt() {
        insert(aJob(now()).maxAttempts(1).build());
        Job job = claimOne();
        assertThat(store.jobsRelease(NODE, List.of(new LeaseRef(job.id(), 1)), now())).isEqualTo(1);
        Job back = get(job.id());
        assertThat(back.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(back.maxAttempts()).isEqualTo(2);
        assertThat(store.jobAttempts(job.id())).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.RELEASED);
    }

    @Test
    void anUndoneClaimGivesItsAttemptBackWithNoHistoryAndItsLeaseStaysDead() {
        insert(aJob(now()).maxAttempts(1).build());
        Job job = claimOne();
        assertThat(store.jobsUnclaim("node-b", List.of(new LeaseRef(job.id(), 1)))).as("another owner's claim").isZero();
        assertThat(store.jobsUnclaim(NODE, List.of(new LeaseRef(job.id(), 2)))).as("another attempt").isZero();

        assertThat(store.jobsUnclaim(NODE, List.of(new LeaseRef(job.id(), 1)))).isEqualTo(1);

        Job back = get(job.id());
        assertThat(back.state()).isEqualTo(JobState.AVAILABLE);
        assertThat(back.attemptsUsed()).as("the attempt was given back").isZero();
        assertThat(back.attempt()).as("the fencing token never goes down").isEqualTo(1);
        assertThat(back.leaseOwner()).isNull();
        assertThat(back.leaseExpiresAt()).isNull();
        assertThat(back.startedAt()).isNull();
        assertThat(store.jobAttempts(job.id())).isEmpty();
        assertThat(store.jobsUnclaim(NODE, List.of(new LeaseRef(job.id(), 1)))).as("undone once").isZero();

        Job again = claimOne(); // the same owner name, as replicas sharing the default worker name have
        assertThat(again.attempt()).as("a higher fencing token").isEqualTo(2);
        assertThat(again.attemptsUsed()).isEqualTo(1);
        assertThat(store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), 1, NODE, job.startedAt(), JobState.SUCCEEDED,
                null, false, Attempt.Outcome.SUCCEEDED, "{}", null, null, null, null, null, now()))))
                .as("the handed-back lease completes nothing").containsExactly(false);
        assertThat(get(job.id()).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aNodeIdIsHeldByOneOwnerAtATime() {
        store.nodeAcquire("n1");
        assertThatThrownBy(() -> store.nodeAcquire("n1")).isInstanceOf(JobvaultException.class).hasMessageContaining("n1");
        store.nodeRelease("n1");
        store.nodeAcquire("n1");
        store.nodeRelease("n1");
    }
}
