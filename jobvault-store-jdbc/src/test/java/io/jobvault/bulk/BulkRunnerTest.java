package io.jobvault.bulk;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.store.JobStore;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader's runner of bulk operations: bounded work per tick, the node told what to interrupt and whose artifacts
 * to delete, the end audited, and a runner of another leader going on from where a dead one left off.
 */
class BulkRunnerTest {
    @TempDir
    Path dir;
    private final SettableClock clock = SettableClock.atFixedStart();
    private final List<JobStore> stores = new ArrayList<>();
    private final Set<UUID> interrupted = ConcurrentHashMap.newKeySet();
    private final Set<UUID> artifactsDeleted = ConcurrentHashMap.newKeySet();

    @AfterEach
    void close() {
        stores.forEach(JobStore::close);
    }

    private JobStore store() {
        JobStore s = SqliteJobStore.open(dir.resolve("jobvault.db"));
        stores.add(s);
        return s;
    }

    /** A runner that does one batch of {@code batch} jobs per tick (a zero budget stops after the first batch). */
    private BulkRunner runner(JobStore store, int batch) {
        return new BulkRunner(store, batch, Duration.ZERO, interrupted::add, artifactsDeleted::add, q -> {});
    }

    @Test
    void aRunnerDoesOneBoundedPassPerTickAndAnotherLeadersRunnerGoesOnFromItsCursor() {
        JobStore first = store();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) ids.add(first.jobsInsert(List.of(aJob(clock.instant()).build())).getFirst().id());
        BulkOperation op = BulkOperation.start(UUID.randomUUID(), BulkAction.DELETE, JobFilter.ALL, "token:t", clock.instant());
        first.bulkInsert(op);

        runner(first, 3).tick(clock.instant());
        assertThat(first.bulkGet(op.id()).orElseThrow().matched()).as("one batch within a zero budget").isEqualTo(3);
        first.close(); // the leader dies; the next one has only the store
        stores.remove(first);

        JobStore next = store();
        BulkRunner other = runner(next, 3);
        other.tick(clock.instant());
        other.tick(clock.instant()); // a pass that did not catch up comes back at the next tick
        BulkOperation done = next.bulkGet(op.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(BulkOperation.State.DONE);
        assertThat(done.matched()).isEqualTo(7);
        assertThat(done.done()).isEqualTo(7);
        assertThat(artifactsDeleted).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(interrupted).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(next.auditList(0, 10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("jobs.bulk.done");
            assertThat(e.target()).isEqualTo("bulk:" + op.id());
            assertThat(e.details()).contains("\"matched\":7");
        });
        assertThat(next.jobsCount(JobFilter.ALL.withState(JobState.AVAILABLE), 100)).isZero();
    }

    @Test
    void aStoppedOperationIsLeftAlone() {
        JobStore store = store();
        for (int i = 0; i < 4; i++) store.jobsInsert(List.of(aJob(clock.instant()).build()));
        BulkOperation op = BulkOperation.start(UUID.randomUUID(), BulkAction.CANCEL, JobFilter.ALL, "token:t", clock.instant());
        store.bulkInsert(op);
        BulkRunner runner = runner(store, 2);
        runner.tick(clock.instant());
        store.bulkStop(op.id(), clock.instant());
        runner.poke();
        runner.tick(clock.instant());
        assertThat(store.bulkGet(op.id()).orElseThrow().matched()).isEqualTo(2);
        assertThat(store.jobsCount(JobFilter.ALL.withState(JobState.AVAILABLE), 100)).isEqualTo(2);
    }
}
