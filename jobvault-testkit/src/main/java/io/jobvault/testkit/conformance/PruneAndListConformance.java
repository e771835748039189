package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.Retention;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobListParams;
import io.jobvault.store.PruneBacklog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retention pruning in bounded batches, and keyset listing with filters. */
public abstract class PruneAndListConformance extends StoreConformance {

    @Test
    void pruneDeletesOnlyJobsPastRetentionInBoundedBatches() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) ids.add(insert(aJob(now()).retention(Retention.all(Duration.ofHours(1))).build()));
        UUID kept = insert(aJob(now()).retention(Retention.all(Duration.ofDays(1))).build());
        UUID unfinished = insert(aJob(now()).queue("idle").build());
        for (Job job : claim("default", 10)) {
            store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), 1, NODE, job.startedAt(), JobState.DEAD, null, false,
                    Attempt.Outcome.DISCARDED, null, "no", null, null, null, null, now())));
        }
        clock.advance(Duration.ofMinutes(59));
        assertThat(store.jobsPrune(now(), 100)).isEmpty();
        clock.advance(Duration.ofMinutes(2));
        List<UUID> pruned = new ArrayList<>(store.jobsPrune(now(), 3));
        assertThat(pruned).hasSize(3);
        pruned.addAll(store.jobsPrune(now(), 3));
        assertThat(pruned).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(store.jobsPrune(now(), 3)).isEmpty();
        for (UUID id : ids) {
            assertThat(store.jobGet(id)).isEmpty();
            assertThat(store.jobAttempts(id)).isEmpty();
        }
        assertThat(store.jobGet(kept)).isPresent();
        assertThat(store.jobGet(unfinished)).isPresent();
    }

    @Test
    void theBacklogCountsFinishedJobsPastRetentionUpToTheLimitAndTellsTheOldest() {
        assertThat(store.jobsPruneBacklog(now(), 10)).isEqualTo(new PruneBacklog(0, null));
        for (int i = 0; i < 4; i++) {
            insert(aJob(now()).retention(Retention.all(Duration.ofMinutes(10 + i))).build());
        }
        insert(aJob(now()).queue("idle").build()); // unfinished: never counted
        for (Job job : claim("default", 10)) {
            store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), 1, NODE, job.startedAt(), JobState.SUCCEEDED, null,
                    false, Attempt.Outcome.SUCCEEDED, null, null, null, null, null, null, now())));
        }
        java.time.Instant finished = now();
        assertThat(store.jobsPruneBacklog(now(), 10)).isEqualTo(new PruneBacklog(0, null));
        clock.advance(Duration.ofMinutes(12).plusSeconds(30));
        assertThat(store.jobsPruneBacklog(now(), 10))
                .isEqualTo(new PruneBacklog(3, finished.plus(Duration.ofMinutes(10))));
        assertThat(store.jobsPruneBacklog(now(), 2).waiting()).as("counted up to the limit").isEqualTo(2);
        store.jobsPrune(now(), 1);
        assertThat(store.jobsPruneBacklog(now(), 10))
                .isEqualTo(new PruneBacklog(2, finished.plus(Duration.ofMinutes(11))));
    }

    @Test
    void countsCoverUnfinishedWorkFinishedWindowsAndNodes() {
        insert(aJob(now()).queue("q1").runAt(now().minusSeconds(30)).build());
        insert(aJob(now()).queue("q1").runAt(now().plusSeconds(30)).build());
        insert(aJob(now()).queue("q2").build());
        claim("q2", 1);
        assertThat(store.jobsCountUnfinished()).containsEntry("q1", java.util.Map.of(JobState.AVAILABLE, 1L, JobState.SCHEDULED, 1L))
                .containsEntry("q2", java.util.Map.of(JobState.RUNNING, 1L));
        assertThat(store.jobsOldestAvailableRunAt()).contains(now().minusSeconds(30));
        assertThat(store.jobsRunningByNode()).containsExactly(java.util.Map.entry(NODE, 1L));

        UUID old = insert(aJob(now()).queue("idle").build());
        store.jobCancel(old, now());
        clock.advance(Duration.ofHours(2));
        UUID recent = insert(aJob(now()).queue("idle").build());
        store.jobCancel(recent, now());
        var lastHour = store.jobsFinishedCountsSince(io.jobvault.id.JobIds.lowerBound(now().minus(Duration.ofHours(1))), 1000);
        assertThat(lastHour).extracting(c -> c.state() + "/" + c.queue() + "/" + c.count()).containsExactly("CANCELLED/idle/1");
        assertThat(store.jobsFinishedCountsSince(io.jobvault.id.JobIds.lowerBound(now().minus(Duration.ofHours(3))), 1))
                .extracting(c -> c.count()).containsExactly(1L); // only the newest job is looked at
    }

    @Test
    void deleteRemovesAJobAndItsHistoryInAnyState() {
        insertAvailable();
        Job running = claimOne();
        store.jobsRescue(new io.jobvault.store.JobRescueParams(now().plus(Duration.ofHours(1)), null, 10));
        assertThat(store.jobAttempts(running.id())).isNotEmpty();
        assertThat(store.jobDeleted(running.id())).isFalse();
        assertThat(store.jobDelete(running.id(), now())).isTrue();
        assertThat(store.jobGet(running.id())).isEmpty();
        assertThat(store.jobAttempts(running.id())).isEmpty();
        assertThat(store.jobDelete(running.id(), now())).isFalse();
        assertThat(store.jobDeleted(running.id())).as("remembered as deleted, not pruned").isTrue();
        clock.advance(Duration.ofDays(2));
        assertThat(store.deletedJobsPrune(now().minus(Duration.ofDays(1)), 100)).isEqualTo(1);
        assertThat(store.jobDeleted(running.id())).isFalse();
    }

    @Test
    void keysetPagesListEveryJobOnceNewestFirst() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            ids.add(insertAvailable());
            clock.advance(Duration.ofMillis(1));
        }
        List<UUID> seen = new ArrayList<>();
        UUID after = null;
        for (int page = 0; page < 10; page++) {
            List<Job> jobs = store.jobsList(new JobListParams(JobFilter.ALL, after, 10));
            jobs.forEach(j -> seen.add(j.id()));
            if (jobs.size() < 10) break;
            after = jobs.getLast().id();
        }
        ids.sort(Comparator.reverseOrder());
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void filtersNarrowTheListing() {
        insert(aJob(now()).type("a").queue("q1").tenant("t1").build());
        insert(aJob(now()).type("b").queue("q2").tenant("t2").build());
        insert(aJob(now()).type("b").queue("q1").tenant("t2").runAt(now().plusSeconds(9)).build());
        assertThat(list(JobFilter.ALL.withType("b"))).hasSize(2);
        assertThat(list(JobFilter.ALL.withQueue("q1"))).hasSize(2);
        assertThat(list(JobFilter.ALL.withTenant("t2"))).hasSize(2);
        assertThat(list(JobFilter.ALL.withState(JobState.SCHEDULED))).hasSize(1);
        assertThat(list(JobFilter.ALL.withTenant("t2").withQueue("q1").withState(JobState.SCHEDULED))).hasSize(1);
        assertThat(list(JobFilter.ALL.withTenant("nobody"))).isEmpty();
    }

    private List<Job> list(JobFilter f) {
        return store.jobsList(new JobListParams(f, null, 100));
    }
}
