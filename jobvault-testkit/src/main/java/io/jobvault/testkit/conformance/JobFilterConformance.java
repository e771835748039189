package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobListParams;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The job filters the dashboard and bulk actions use: label, created and finished ranges, id; keyset pages, newest first. */
public abstract class JobFilterConformance extends StoreConformance {

    /** Every page of the filter, {@code pageSize} at a time, in order. */
    protected List<UUID> listAll(JobFilter filter, int pageSize) {
        List<UUID> out = new ArrayList<>();
        UUID after = null;
        while (true) {
            List<Job> page = store.jobsList(new JobListParams(filter, after, pageSize));
            page.forEach(j -> out.add(j.id()));
            if (page.size() < pageSize) return out;
            after = page.getLast().id();
        }
    }

    private static List<UUID> newestFirst(List<UUID> ids) {
        return ids.stream().sorted(Comparator.comparing(UUID::toString).reversed()).toList();
    }

    @Test
    void aLabelFilterPagesThroughTheJobsWithThatLabelNewestFirst() {
        List<UUID> teamA = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            teamA.add(insert(aJob(now()).labels(Map.of("team", "a", "region", "eu")).build()));
            insert(aJob(now()).labels(Map.of("team", "b")).build());
            insert(aJob(now()).build());
            clock.advance(Duration.ofMillis(2));
        }
        assertThat(listAll(JobFilter.ALL.withLabel("team", "a"), 2)).containsExactlyElementsOf(newestFirst(teamA));
        assertThat(listAll(JobFilter.ALL.withLabel("region", "eu"), 10)).containsExactlyElementsOf(newestFirst(teamA));
        assertThat(listAll(JobFilter.ALL.withLabel("team", "c"), 10)).isEmpty();
        assertThat(listAll(JobFilter.ALL.withLabel("team", "a").withQueue("other"), 10)).isEmpty();
        assertThat(store.jobsCount(JobFilter.ALL.withLabel("team", "b"), 100)).isEqualTo(5);
    }

    @Test
    void aDeletedOrPrunedJobLeavesTheLabelIndexAndADuplicateSubmitAddsNothing() {
        UUID deleted = insert(aJob(now()).labels(Map.of("k", "v")).build());
        UUID kept = insert(aJob(now()).labels(Map.of("k", "v")).idempotencyKey("once").build());
        store.jobsInsert(List.of(aJob(now()).labels(Map.of("k", "v")).idempotencyKey("once").build())); // a duplicate
        assertThat(store.jobsCount(JobFilter.ALL.withLabel("k", "v"), 100)).isEqualTo(2);
        store.jobDelete(deleted, now());
        assertThat(listAll(JobFilter.ALL.withLabel("k", "v"), 10)).containsExactly(kept);
    }

    @Test
    void aCreatedRangeIncludesItsStartAndExcludesItsEnd() {
        Instant t0 = now();
        UUID first = insert(aJob(now()).build());
        clock.advance(Duration.ofMinutes(1));
        UUID second = insert(aJob(now()).build());
        clock.advance(Duration.ofMinutes(1));
        UUID third = insert(aJob(now()).build());
        assertThat(listAll(JobFilter.ALL.withCreated(t0.plus(Duration.ofMinutes(1)), t0.plus(Duration.ofMinutes(2))), 10))
                .containsExactly(second);
        assertThat(listAll(JobFilter.ALL.withCreated(t0, null), 10)).containsExactly(third, second, first);
        assertThat(listAll(JobFilter.ALL.withCreated(null, t0.plusSeconds(1)), 10)).containsExactly(first);
        assertThat(listAll(JobFilter.ALL.withCreated(t0.plus(Duration.ofMinutes(1)), null).withState(JobState.AVAILABLE), 1))
                .containsExactly(third, second);
    }

    @Test
    void aFinishedRangeMatchesJobsThatFinishedWithinItAndNoUnfinishedOne() {
        Instant t0 = now();
        UUID early = finishNext(insert(aJob(now()).build()));
        clock.advance(Duration.ofMinutes(10));
        UUID late = finishNext(insert(aJob(now()).build()));
        UUID unfinished = insert(aJob(now()).queue("idle").build());
        assertThat(listAll(JobFilter.ALL.withFinished(t0, t0.plus(Duration.ofMinutes(5))), 10)).containsExactly(early);
        assertThat(listAll(JobFilter.ALL.withFinished(t0.plus(Duration.ofMinutes(5)), null), 10)).containsExactly(late);
        assertThat(listAll(JobFilter.ALL.withFinished(null, t0.plus(Duration.ofDays(1))), 1)).containsExactly(late, early)
                .doesNotContain(unfinished);
    }

    /**
     * Stores may read a finished range's page from the newest jobs below the range's end first (most jobs finish soon
     * after they are created); the page must be the same when the jobs that finished in the range are older than
     * thousands of unfinished ones.
     */
    @Test
    void aFinishedRangePageIsExactWhenItsJobsAreOlderThanThousandsOfOthers() {
        Instant t0 = now();
        UUID longRun = insert(aJob(now()).build());
        Job claimed = claimOne();
        clock.advance(Duration.ofSeconds(1));
        List<JobInsert> waiting = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) waiting.add(aJob(now()).queue("idle").build());
        store.jobsInsert(waiting);
        clock.advance(Duration.ofMinutes(10));
        UUID quick = insert(aJob(now()).build());
        store.jobsFinishIfRunning(List.of(new JobFinish(claimed.id(), claimed.attempt(), NODE, claimed.startedAt(), JobState.SUCCEEDED,
                null, false, Attempt.Outcome.SUCCEEDED, null, null, null, null, null, null, now())));
        finishNext(quick);
        Instant from = t0.plus(Duration.ofMinutes(5));
        assertThat(listAll(JobFilter.ALL.withFinished(from, null), 1)).containsExactly(quick, longRun);
        assertThat(listAll(JobFilter.ALL.withFinished(from, now().plusSeconds(1)), 5)).containsExactly(quick, longRun);
        assertThat(listAll(JobFilter.ALL.withFinished(from, null).withState(JobState.SUCCEEDED), 2)).containsExactly(quick, longRun);
        assertThat(listAll(JobFilter.ALL.withFinished(null, from), 10)).isEmpty();
    }

    @Test
    void anIdFilterMatchesThatJobAloneAndOnlyWithTheOtherFilters() {
        UUID a = insert(aJob(now()).tenant("t1").build());
        insert(aJob(now()).tenant("t1").build());
        assertThat(listAll(JobFilter.ALL.withId(a), 10)).containsExactly(a);
        assertThat(listAll(JobFilter.ALL.withId(a).withTenant("t1"), 10)).containsExactly(a);
        assertThat(listAll(JobFilter.ALL.withId(a).withTenant("t2"), 10)).isEmpty();
        assertThat(listAll(JobFilter.ALL.withId(UUID.randomUUID()), 10)).isEmpty();
    }

    @Test
    void aCountStopsAtItsCap() {
        for (int i = 0; i < 7; i++) insert(aJob(now()).build());
        assertThat(store.jobsCount(JobFilter.ALL, 100)).isEqualTo(7);
        assertThat(store.jobsCount(JobFilter.ALL, 5)).isEqualTo(5);
        assertThat(store.jobsCount(JobFilter.ALL.withState(JobState.DEAD), 5)).isZero();
    }

    /** Claims the job (the only available one of its queue) and ends it SUCCEEDED now. */
    protected UUID finishNext(UUID id) {
        Job job = claimOne();
        assertThat(job.id()).isEqualTo(id);
        store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), job.attempt(), NODE, job.startedAt(), JobState.SUCCEEDED,
                null, false, Attempt.Outcome.SUCCEEDED, null, null, null, null, null, null, now())));
        return id;
    }
}
