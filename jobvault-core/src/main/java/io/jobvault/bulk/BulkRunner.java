package io.jobvault.bulk;

import io.jobvault.engine.CatchUp;
import io.jobvault.engine.Every;
import io.jobvault.engine.MaintenanceTask;
import io.jobvault.json.Json;
import io.jobvault.store.AuditEntry;
import io.jobvault.store.BulkStore.BulkStep;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stored bulk operations on the maintenance leader, batch after batch within a time budget per tick (so other
 * upkeep gets its turn, and memory holds one batch whatever the number of matches). All progress is in the store: a
 * leader that dies mid-operation leaves its cursor, and the next leader goes on from it.
 */
public final class BulkRunner implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(BulkRunner.class);
    /** Jobs per batch, one transaction each. */
    public static final int BATCH_SIZE = 500;
    /** How long an ended operation stays readable. */
    public static final Duration ENDED_RETENTION = Duration.ofDays(30);
    /** Operations looked at per tick; more wait for the next. */
    private static final int OPERATIONS_PER_TICK = 10;
    /**
     * How often (real time) the leader looks for operations started on other nodes; one started here is looked at
     * at once ({@link #poke}). Not every tick: a store that is down would fail, and be logged, 20 times a second.
     */
    static final Duration LOOK_EVERY = Duration.ofSeconds(1);

    private final JobStore store;
    private final int batchSize;
    private final Duration passBudget;
    private final Consumer<UUID> interruptLocal;
    private final Consumer<UUID> deleteArtifacts;
    private final Consumer<String> wake;
    private final Every pruneEvery = new Every(Duration.ofHours(1));
    private volatile boolean poked = true;
    private long nextLookNanos = System.nanoTime();

    /**
     * @param interruptLocal  interrupts a job's handler if it runs on this node (cancelled or deleted)
     * @param deleteArtifacts deletes a deleted job's artifact content
     * @param wake            a queue got jobs to run (retried)
     */
    public BulkRunner(JobStore store, int batchSize, Duration passBudget, Consumer<UUID> interruptLocal,
            Consumer<UUID> deleteArtifacts, Consumer<String> wake) {
        this.store = store;
        this.batchSize = batchSize;
        this.passBudget = passBudget;
        this.interruptLocal = interruptLocal;
        this.deleteArtifacts = deleteArtifacts;
        this.wake = wake;
    }

    /** An operation was started here: look at once (this node may lead). */
    public void poke() {
        poked = true;
    }

    @Override
    public void tick(Instant now) {
        long t = System.nanoTime();
        if (!poked && t - nextLookNanos < 0) return;
        poked = false;
        nextLookNanos = t + LOOK_EVERY.toNanos();
        for (BulkOperation op : store.bulkRunning(OPERATIONS_PER_TICK)) {
            CatchUp pass = CatchUp.run(() -> step(op.id(), now), batchSize, passBudget);
            if (!pass.caughtUp()) poked = true; // go on at the next tick, after the loop's other tasks
        }
        if (pruneEvery.due(now)) store.bulkPrune(now.minus(ENDED_RETENTION), 1000);
    }

    /** One batch of the operation; returns how many jobs it matched (0 once it is no longer running). */
    int step(UUID id, Instant now) {
        Optional<BulkStep> step = store.bulkStep(id, batchSize, now);
        if (step.isEmpty()) return 0;
        BulkStep s = step.get();
        s.cancelRequested().forEach(interruptLocal);
        for (UUID deleted : s.deleted()) {
            interruptLocal.accept(deleted);
            deleteArtifacts.accept(deleted);
        }
        s.wokenQueues().forEach(wake);
        BulkOperation op = s.operation();
        if (op.state() == BulkOperation.State.DONE) {
            log.info("bulk {} {} done: {} matched, {} changed", op.action().wireName(), op.id(), op.matched(), op.done());
            store.auditInsert(new AuditEntry(0, now, "jobvault", "jobs.bulk.done", "bulk:" + op.id(), null,
                    Json.MAPPER.createObjectNode().put("action", op.action().wireName()).put("matched", op.matched())
                            .put("done", op.done()).toString()));
        }
        return s.scanned();
    }
}
