package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.RateLimit;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.LeaseRef;
import io.jobvault.store.RescuedJob;
import io.jobvault.testkit.Concurrently;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Concurrency keys and rate limits at claim time: a job over a limit is not started but waits as SCHEDULED, with its
 * attempt count untouched; the rest of the queue is not held up behind it.
 */
public abstract class LimitsConformance extends StoreConformance {
    private static final Duration RECHECK = Duration.ofSeconds(2);
    private static final RateLimit THREE_A_MINUTE = RateLimit.of(3, Duration.ofMinutes(1));

    private List<Job> claimWith(int limit, Map<String, RateLimit> rates) {
        return store.jobsClaim(new JobClaimParams("default", limit, NODE, now().plus(LEASE), now(), null, rates, RECHECK));
    }

    private UUID keyed(String key, int limit) {
        return insert(aJob(now()).concurrencyKey(key, limit).build());
    }

    private void promote() {
        store.jobsPromoteDue(now(), 1000);
    }

    private void succeed(Job job) {
        store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), job.attempt(), NODE, job.startedAt(), JobState.SUCCEEDED,
                null, false, io.jobvault.Attempt.Outcome.SUCCEEDED, null, null, null, null, null, null, now())
                .withKey(job.tenant(), job.concurrencyKey())));
    }

    @Test
    void atMostTheKeysLimitRunsAndTheOthersWaitWithoutUsingAnAttempt() {
        List<UUID> keyed = new ArrayList<>();
        for (int i = 0; i < 5; i++) keyed.add(keyed("customer:1", 2));
        UUID free = insertAvailable();

        List<Job> claimed = claim("default", 10);

        assertThat(claimed).extracting(Job::id).contains(free).hasSize(3);
        assertThat(claimed).filteredOn(j -> keyed.contains(j.id())).hasSize(2);
        List<Job> waitingJobs = keyed.stream().map(this::get).filter(j -> j.state() != JobState.RUNNING).toList();
        assertThat(waitingJobs).hasSize(3);
        for (Job waiting : waitingJobs) {
            assertThat(waiting.state()).isEqualTo(JobState.SCHEDULED);
            assertThat(waiting.attempt()).isZero();
            assertThat(waiting.concurrencyKey()).isEqualTo("customer:1");
            assertThat(waiting.waitingFor()).isEqualTo(Job.WAITING_FOR_KEY);
            assertThat(waiting.concurrencyLimit()).isEqualTo(2);
        }
    }

    @Test
    void aWaitingJobStartsWhenARunWithItsKeyEnded() {
        List<UUID> both = List.of(keyed("customer:1", 1), keyed("customer:1", 1));
        List<Job> claimed = claimWith(10, Map.of());
        assertThat(claimed).hasSize(1);
        Job running = claimed.getFirst();
        UUID second = both.get(0).equals(running.id()) ? both.get(1) : both.get(0);
        assertThat(get(second).runAt()).isEqualTo(now().plus(RECHECK));

        clock.advance(RECHECK);
        promote();
        assertThat(claimWith(10, Map.of())).isEmpty(); // the key is still full: it waits again
        assertThat(get(second).state()).isEqualTo(JobState.SCHEDULED);

        succeed(running);
        clock.advance(RECHECK);
        promote();
        assertThat(claimWith(10, Map.of())).extracting(Job::id).containsExactly(second);
        assertThat(get(second).attempt()).isEqualTo(1);
        assertThat(get(second).waitingFor()).isNull();
    }

    @Test
    void theEndOfARunWithTheKeyWakesTheJobWaitingLongestAtOnce() {
        List<UUID> waiting = new ArrayList<>();
        UUID later = insert(aJob(now()).runAt(now().plusSeconds(600)).concurrencyKey("customer:1", 1).build());
        for (int i = 0; i < 3; i++) waiting.add(keyed("customer:1", 1));
        Job running = claimWith(10, Map.of()).getFirst();
        waiting.remove(running.id());
        clock.advance(Duration.ofMillis(1));

        store.jobsFinishIfRunning(List.of(new JobFinish(running.id(), running.attempt(), NODE, running.startedAt(),
                JobState.SUCCEEDED, null, false, io.jobvault.Attempt.Outcome.SUCCEEDED, null, null, null, null, null, null,
                now()).withKey("", "customer:1")));

        // no clock movement, no promotion: one waiter is available again; the other waits; a job due later stays put
        assertThat(waiting.stream().map(this::get).map(Job::state))
                .containsExactlyInAnyOrder(JobState.AVAILABLE, JobState.SCHEDULED);
        assertThat(get(later).state()).isEqualTo(JobState.SCHEDULED);
        assertThat(claimWith(10, Map.of())).hasSize(1);
    }

    @Test
    void theWaiterDueLongestIsWokenFirstHoweverOftenItWasLookedAt() {
        keyed("customer:1", 1);
        Job running = claimWith(10, Map.of()).getFirst();
        UUID early = keyed("customer:1", 1);
        claimWith(10, Map.of()); // early waits: looked at again at now + RECHECK
        clock.advance(Duration.ofSeconds(1));
        UUID late = keyed("customer:1", 1);
        claimWith(10, Map.of()); // late waits too, its next look a second after early's
        clock.advance(Duration.ofSeconds(1));
        promote();
        assertThat(claimWith(10, Map.of())).isEmpty(); // early was looked at again: its next look is now after late's
        assertThat(get(early).runAt()).isAfter(get(late).runAt());

        succeed(running);

        assertThat(get(early).state()).as("due first, woken first").isEqualTo(JobState.AVAILABLE);
        assertThat(get(late).state()).isEqualTo(JobState.SCHEDULED);
    }

    @Test
    void aJobHeldByItsKeyCountsItsWholeWaitAsPickupLatency() {
        Instant start = now();
        List<UUID> both = List.of(keyed("customer:1", 1), keyed("customer:1", 1));
        Job running = claimWith(10, Map.of()).getFirst();
        UUID waiter = both.get(0).equals(running.id()) ? both.get(1) : both.get(0);
        clock.advance(RECHECK);
        promote();
        assertThat(claimWith(10, Map.of())).isEmpty(); // waits a second time
        clock.advance(Duration.ofSeconds(10));
        succeed(running);
        assertThat(claimWith(10, Map.of())).singleElement().satisfies(started -> {
            assertThat(started.id()).isEqualTo(waiter);
            assertThat(started.runAt()).as("its first due time, back at its start").isEqualTo(start);
        });

        long waited = Duration.between(start, now()).toMillis();
        assertThat(store.jobsPickupMillisSince(io.jobvault.id.JobIds.lowerBound(start.minus(Duration.ofHours(1))), 10))
                .as("from when it was due, not from its last look").contains(waited);
    }

    @Test
    void aRunTheRescuerTakesBackWakesTheJobWaitingForItsKey() {
        // its node restarted (or died): the rescuer takes the run back
        takenBackWakesTheWaiter(running -> assertThat(store.jobsRescue(new JobRescueParams(now(), NODE, 10)))
                .extracting(RescuedJob::id).containsExactly(running.id()));
    }

    @Test
    void aRunHandedBackAtShutdownWakesTheJobWaitingForItsKey() {
        takenBackWakesTheWaiter(running -> assertThat(store.jobsRelease(NODE,
                List.of(new LeaseRef(running.id(), running.attempt())), now())).isEqualTo(1));
    }

    private void takenBackWakesTheWaiter(java.util.function.Consumer<Job> takeBack) {
        List<UUID> both = List.of(keyed("customer:1", 1), keyed("customer:1", 1));
        Job running = claimWith(10, Map.of()).getFirst();
        UUID waiter = both.get(0).equals(running.id()) ? both.get(1) : both.get(0);
        assertThat(get(waiter).state()).isEqualTo(JobState.SCHEDULED);

        takeBack.accept(running);

        // no clock movement, no promotion: the waiter is available again at once, beside the taken-back job
        assertThat(get(waiter).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(get(waiter).waitingFor()).isNull();
        assertThat(claimWith(10, Map.of())).as("still one at a time").hasSize(1);
    }

    @Test
    void keysAreCountedPerKeyAndPerTenant() {
        UUID a1 = keyed("customer:1", 1);
        UUID a2 = keyed("customer:1", 1);
        UUID b = keyed("customer:2", 1);
        UUID otherTenant = insert(aJob(now()).tenant("t2").concurrencyKey("customer:1", 1).build());
        List<UUID> claimed = claim("default", 10).stream().map(Job::id).toList();
        assertThat(claimed).hasSize(3).contains(b, otherTenant).containsAnyOf(a1, a2);
    }

    @Test
    void aFullKeyDoesNotHoldUpTheRestOfTheQueue() {
        for (int i = 0; i < 12; i++) insert(aJob(now()).priority(10).concurrencyKey("busy", 1).build());
        List<UUID> free = new ArrayList<>();
        for (int i = 0; i < 4; i++) free.add(insertAvailable());
        List<Job> claimed = claim("default", 5);
        assertThat(claimed).extracting(Job::id).containsAll(free).hasSize(5);
    }

    @Test
    void aRateLimitedTypeStartsAtMostItsLimitPerWindowAndTheRestWaitForASlot() {
        for (int i = 0; i < 5; i++) insert(aJob(now()).type("ai.call").build());
        UUID other = insert(aJob(now()).type("other").build());
        Map<String, RateLimit> rates = Map.of("ai.call", THREE_A_MINUTE);
        List<Job> first = claimWith(10, rates);
        assertThat(first).filteredOn(j -> j.type().equals("ai.call")).hasSize(3);
        assertThat(first).extracting(Job::id).contains(other);
        List<Job> waiting = store.jobsList(new io.jobvault.store.JobListParams(
                new io.jobvault.JobFilter(JobState.SCHEDULED, null, null, null), null, 10));
        assertThat(waiting).hasSize(2).allSatisfy(j -> {
            assertThat(j.attempt()).isZero();
            assertThat(j.waitingFor()).isEqualTo(Job.WAITING_FOR_RATE_LIMIT);
            assertThat(j.runAt()).isEqualTo(now().plus(Duration.ofMinutes(1))); // when the first slot frees
        });

        clock.advance(Duration.ofSeconds(59));
        promote();
        assertThat(claimWith(10, rates)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        promote();
        assertThat(claimWith(10, rates)).hasSize(2);
    }

    @Test
    void theWindowSlides() {
        Map<String, RateLimit> rates = Map.of("ai.call", THREE_A_MINUTE);
        insert(aJob(now()).type("ai.call").build());
        assertThat(claimWith(10, rates)).hasSize(1); // t=0: 1 start
        clock.advance(Duration.ofSeconds(40));
        for (int i = 0; i < 3; i++) insert(aJob(now()).type("ai.call").build());
        assertThat(claimWith(10, rates)).hasSize(2); // t=40: 3 starts in the last minute
        clock.advance(Duration.ofSeconds(20));
        promote();
        assertThat(claimWith(10, rates)).hasSize(1); // t=60: the t=0 start left the window, the t=40 ones did not
        clock.advance(Duration.ofSeconds(39));
        insert(aJob(now()).type("ai.call").build());
        assertThat(claimWith(10, rates)).isEmpty(); // t=99: 3 starts since t=40
    }

    @Test
    void concurrentClaimersNeverStartMoreThanTheKeysLimit() throws Exception {
        for (int i = 0; i < 60; i++) keyed("shared", 2);
        List<Job> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        Concurrently.run(8, Duration.ofSeconds(60), thread -> {
            for (int round = 0; round < 3; round++) started.addAll(claimWith(4, Map.of()));
        });
        assertThat(started).hasSize(2);
    }
}
