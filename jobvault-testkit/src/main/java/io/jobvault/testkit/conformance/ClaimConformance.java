package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.testkit.Concurrently;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Claiming: one statement takes a batch of the right jobs, in order, each once; scheduled jobs wait. */
public abstract class ClaimConformance extends StoreConformance {

    @Test
    void claimLeasesTheJobAndCountsTheAttempt() {
        UUID id = insertAvailable();
        Job job = claimOne();
        assertThat(job.id()).isEqualTo(id);
        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.attempt()).isEqualTo(1);
        assertThat(job.leaseOwner()).isEqualTo(NODE);
        assertThat(job.leaseExpiresAt()).isEqualTo(now().plus(LEASE));
        assertThat(job.startedAt()).isEqualTo(now());
        assertThat(get(id).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void higherPriorityFirstThenOlderRunAt() {
        UUID low = insert(aJob(now()).priority(0).runAt(now().minusSeconds(10)).build());
        UUID high = insert(aJob(now()).priority(5).build());
        UUID older = insert(aJob(now()).priority(0).runAt(now().minusSeconds(20)).build());
        assertThat(claim("default", 1)).extracting(Job::id).containsExactly(high);
        assertThat(claim("default", 1)).extracting(Job::id).containsExactly(older);
        assertThat(claim("default", 1)).extracting(Job::id).containsExactly(low);
    }

    @Test
    void claimTakesAtMostTheLimitAndOnlyFromItsQueue() {
        for (int i = 0; i < 5; i++) insertAvailable();
        insert(aJob(now()).queue("other").build());
        assertThat(claim("default", 3)).hasSize(3);
        assertThat(claim("default", 10)).hasSize(2);
        assertThat(claim("default", 10)).isEmpty();
        assertThat(claim("other", 10)).hasSize(1);
    }

    @Test
    void aTenantClaimTakesOnlyThatTenantsJobs() {
        insert(aJob(now()).tenant("a").build());
        UUID b = insert(aJob(now()).tenant("b").build());
        var claimed = store.jobsClaim(new io.jobvault.store.JobClaimParams("default", 10, NODE, now().plus(LEASE), now(), "b"));
        assertThat(claimed).extracting(Job::id).containsExactly(b);
    }

    @Test
    void concurrentClaimersNeverGetTheSameJob() throws Exception {
        for (int i = 0; i < 200; i++) insertAvailable();
        List<Job> a = new java.util.concurrent.CopyOnWriteArrayList<>();
        Concurrently.run(4, Duration.ofSeconds(30), t -> {
            List<Job> got;
            do {
                got = claim("default", 7, "node-" + t);
                a.addAll(got);
            } while (!got.isEmpty());
        });
        assertThat(a).hasSize(200);
        assertThat(a.stream().map(Job::id).distinct()).hasSize(200);
    }

    @Test
    void scheduledJobWaitsUntilPromotedAtItsTime() {
        UUID id = insert(aJob(now()).queue("later").runAt(now().plusSeconds(60)).build());
        assertThat(store.jobsNextDueAt()).contains(now().plusSeconds(60));
        assertThat(store.jobsPromoteDue(now(), 100).count()).isZero();
        assertThat(claim("later", 10)).isEmpty();

        clock.advance(Duration.ofSeconds(60));
        var promoted = store.jobsPromoteDue(now(), 100);
        assertThat(promoted.count()).isEqualTo(1);
        assertThat(promoted.queues()).containsExactly("later");
        assertThat(store.jobsNextDueAt()).isEmpty();
        assertThat(claim("later", 10)).extracting(Job::id).containsExactly(id);
    }
}
