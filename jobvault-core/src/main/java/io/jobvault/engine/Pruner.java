package io.jobvault.engine;

import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs whose retention has ended, and keeps up with the engine however fast it finishes them: a pass
 * deletes batch after batch (each a short transaction, so submits and claims take the store between them) until it
 * has caught up or its time budget is spent; then it comes back on the next tick while it is behind, within a second
 * while jobs keep expiring, and after the prune interval once it finds nothing.
 */
final class Pruner implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    /** How long a deleted job's id answers "deleted" rather than "expired" (as long as the audit log keeps its delete). */
    static final Duration DELETIONS_REMEMBERED = Duration.ofDays(365);
    /** While jobs keep expiring, the longest one waits past its retention before the pruner looks again. */
    static final Duration FOLLOW_UP = Duration.ofSeconds(1);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final JobStore store;
    private final int batchSize;
    private final Duration passBudget;
    private final Every every;
    private final Every tombstonesEvery;
    private final Every logEvery = new Every(LOG_EVERY);
    private final Consumer<UUID> onPruned;
    private long prunedSinceLog;

    /** @param onPruned told each pruned job's id after its rows are gone (deletes its artifact files) */
    Pruner(JobStore store, EngineConfig config, Consumer<UUID> onPruned) {
        this(store, config, onPruned, CatchUp.PASS_BUDGET);
    }

    /** @param passBudget the longest one tick prunes (zero: one batch per tick) */
    Pruner(JobStore store, EngineConfig config, Consumer<UUID> onPruned, Duration passBudget) {
        this.store = store;
        this.onPruned = onPruned;
        this.batchSize = config.pruneBatchSize();
        this.passBudget = passBudget;
        this.every = new Every(config.pruneInterval());
        this.tombstonesEvery = new Every(config.pruneInterval());
    }

    @Override
    public void tick(Instant now) {
        if (every.due(now)) {
            CatchUp pass = CatchUp.run(() -> pruneBatch(now), batchSize, passBudget);
            if (!pass.caughtUp()) every.soon();
            else if (pass.done() > 0) every.within(now, FOLLOW_UP);
            prunedSinceLog += pass.done();
        }
        if (prunedSinceLog > 0 && logEvery.due(now)) {
            log.info("pruned {} finished jobs past their retention", prunedSinceLog);
            prunedSinceLog = 0;
        }
        if (tombstonesEvery.due(now)) {
            CatchUp tombstones = CatchUp.run(() -> store.deletedJobsPrune(now.minus(DELETIONS_REMEMBERED), batchSize),
                    batchSize, passBudget);
            if (!tombstones.caughtUp()) tombstonesEvery.soon();
        }
    }

    private int pruneBatch(Instant now) {
        List<UUID> pruned = store.jobsPrune(now, batchSize);
        for (UUID id : pruned) onPruned.accept(id);
        return pruned.size();
    }
}
