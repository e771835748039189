package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.bulk.BulkAction;
import io.jobvault.bulk.BulkOperation;
import io.jobvault.store.BulkStore.BulkStep;
import io.jobvault.store.JobFinish;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Bulk operations: stored, run in batches walked newest first by id, each batch in one transaction with the cursor's
 * move, so a new store (another node, or this one after a crash) goes on where the last batch ended; stoppable.
 */
public abstract class BulkConformance extends StoreConformance {

    protected BulkOperation startOp(BulkAction action, JobFilter filter) {
        BulkOperation op = BulkOperation.start(UUID.randomUUID(), action, filter, "token:test", now());
        store.bulkInsert(op);
        return op;
    }

    /** Runs batches of {@code size} until the operation ends; returns the batches. */
    protected List<BulkStep> runToEnd(UUID id, int size) {
        List<BulkStep> steps = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Optional<BulkStep> step = store.bulkStep(id, size, now());
            if (step.isEmpty()) return steps;
            steps.add(step.get());
        }
        throw new AssertionError("the operation never ended");
    }

    @Test
    void cancelGoesThroughEveryMatchInBatchesAndAsksRunningJobsToStop() {
        List<UUID> waiting = new ArrayList<>();
        for (int i = 0; i < 7; i++) waiting.add(insert(aJob(now()).queue("q").build()));
        waiting.add(insert(aJob(now()).queue("q").build()));
        Job claimed = claim("q", 1).getFirst(); // the oldest: it runs while the operation goes through the queue
        waiting.remove(claimed.id());
        UUID otherQueue = insert(aJob(now()).queue("other").build());
        BulkOperation op = startOp(BulkAction.CANCEL, JobFilter.ALL.withQueue("q"));

        List<BulkStep> steps = runToEnd(op.id(), 3);

        assertThat(steps).extracting(BulkStep::scanned).containsExactly(3, 3, 2);
        BulkOperation done = store.bulkGet(op.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(BulkOperation.State.DONE);
        assertThat(done.matched()).isEqualTo(8);
        assertThat(done.done()).isEqualTo(8);
        assertThat(done.finishedAt()).isEqualTo(now());
        for (UUID id : waiting) assertThat(get(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(get(claimed.id()).cancelRequested()).isTrue();
        assertThat(steps.stream().flatMap(s -> s.cancelRequested().stream())).containsExactly(claimed.id());
        assertThat(get(otherQueue).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(store.bulkStep(op.id(), 3, now())).as("a done operation runs no more batches").isEmpty();
    }

    @Test
    void retryRunsDeadAndCancelledJobsAgainAndLeavesTheRest() {
        UUID dead = insert(aJob(now()).maxAttempts(1).build());
        Job job = claimOne();
        store.jobsFinishIfRunning(List.of(new JobFinish(job.id(), 1, NODE, job.startedAt(), JobState.DEAD, null, false,
                Attempt.Outcome.DISCARDED, null, "no", null, null, null, null, now())));
        UUID cancelled = insert(aJob(now()).build());
        store.jobCancel(cancelled, now());
        UUID waitingJob = insert(aJob(now()).queue("idle").build());
        BulkOperation op = startOp(BulkAction.RETRY, JobFilter.ALL);

        List<BulkStep> steps = runToEnd(op.id(), 500);

        BulkOperation done = store.bulkGet(op.id()).orElseThrow();
        assertThat(done.matched()).isEqualTo(3);
        assertThat(done.done()).isEqualTo(2);
        assertThat(get(dead).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(get(cancelled).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(get(waitingJob).state()).isEqualTo(JobState.AVAILABLE);
        assertThat(steps.getFirst().wokenQueues()).containsExactly("default");
    }

    @Test
    void deleteRemovesTheMatchesOfOneTenantWithTheirLabelsAndRemembersThem() {
        List<UUID> ours = new ArrayList<>();
        for (int i = 0; i < 4; i++) ours.add(insert(aJob(now()).tenant("t1").labels(Map.of("batch", "x")).build()));
        UUID theirs = insert(aJob(now()).tenant("t2").labels(Map.of("batch", "x")).build());
        BulkOperation op = startOp(BulkAction.DELETE, JobFilter.ALL.withLabel("batch", "x").withTenant("t1"));

        List<BulkStep> steps = runToEnd(op.id(), 3);

        assertThat(steps.stream().flatMap(s -> s.deleted().stream())).containsExactlyInAnyOrderElementsOf(ours);
        for (UUID id : ours) {
            assertThat(store.jobGet(id)).isEmpty();
            assertThat(store.jobDeleted(id)).isTrue();
        }
        assertThat(store.jobGet(theirs)).isPresent();
        assertThat(store.jobsCount(JobFilter.ALL.withLabel("batch", "x"), 100)).isEqualTo(1);
        assertThat(store.bulkGet(op.id()).orElseThrow().done()).isEqualTo(4);
    }

    @Test
    void anotherStoreGoesOnFromTheLastCommittedBatchAsAfterACrash() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 9; i++) ids.add(insert(aJob(now()).build()));
        BulkOperation op = startOp(BulkAction.CANCEL, JobFilter.ALL);
        store.bulkStep(op.id(), 4, now()).orElseThrow();
        // the node dies here: nothing of the operation lives in its memory; a fresh store (the next leader) reads it all
        store.close();
        store = openStore();
        BulkOperation resumed = store.bulkRunning(10).getFirst();
        assertThat(resumed.id()).isEqualTo(op.id());
        assertThat(resumed.matched()).isEqualTo(4);

        runToEnd(op.id(), 4);

        BulkOperation done = store.bulkGet(op.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(BulkOperation.State.DONE);
        assertThat(done.matched()).as("no job matched twice, none skipped").isEqualTo(9);
        assertThat(done.done()).isEqualTo(9);
        for (UUID id : ids) assertThat(get(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(store.bulkRunning(10)).isEmpty();
    }

    @Test
    void aStoppedOperationRunsNoMoreBatchesAndKeepsWhatItDid() {
        for (int i = 0; i < 6; i++) insert(aJob(now()).build());
        BulkOperation op = startOp(BulkAction.CANCEL, JobFilter.ALL);
        store.bulkStep(op.id(), 2, now()).orElseThrow();
        clock.advance(Duration.ofSeconds(5));

        BulkOperation stopped = store.bulkStop(op.id(), now()).orElseThrow();

        assertThat(stopped.state()).isEqualTo(BulkOperation.State.STOPPED);
        assertThat(stopped.finishedAt()).isEqualTo(now());
        assertThat(stopped.matched()).isEqualTo(2);
        assertThat(store.bulkStep(op.id(), 2, now())).isEmpty();
        assertThat(store.bulkRunning(10)).isEmpty();
        assertThat(store.jobsCount(JobFilter.ALL.withState(JobState.AVAILABLE), 100)).isEqualTo(4);
        assertThat(store.bulkStop(op.id(), now().plusSeconds(1)).orElseThrow().finishedAt()).as("stopping again changes nothing")
                .isEqualTo(now());
        assertThat(store.bulkStop(UUID.randomUUID(), now())).isEmpty();
    }

    @Test
    void endedOperationsArePrunedAfterTheirRetention() {
        BulkOperation op = startOp(BulkAction.CANCEL, JobFilter.ALL);
        runToEnd(op.id(), 10);
        BulkOperation running = startOp(BulkAction.CANCEL, JobFilter.ALL.withQueue("none"));
        clock.advance(Duration.ofDays(31));
        assertThat(store.bulkPrune(now().minus(Duration.ofDays(30)), 10)).isEqualTo(1);
        assertThat(store.bulkGet(op.id())).isEmpty();
        assertThat(store.bulkGet(running.id())).isPresent();
    }
}
