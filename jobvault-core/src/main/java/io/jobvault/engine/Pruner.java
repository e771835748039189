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
 * Deletes finished jobs whose retention has ended, in bounded batches (short transactions, so submits and claims
 * never wait long behind it), and at most {@code MAX_BATCHES} per run so one run cannot monopolise the store.
 */
final class Pruner implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    private static final int MAX_BATCHES = 100;
    /** How long a deleted job's id answers "deleted" rather than "expired" (as long as the audit log keeps its delete). */
    static final Duration DELETIONS_REMEMBERED = Duration.ofDays(365);

    private final JobStore store;
    private final int batchSize;
    private final Every every;

    private final Consumer<UUID> onPruned;

    /** @param onPruned told each pruned job's id after its rows are gone (deletes its artifact files) */
    Pruner(JobStore store, EngineConfig config, Consumer<UUID> onPruned) {
        this.store = store;
        this.onPruned = onPruned;
        this.batchSize = config.pruneBatchSize();
        this.every = new Every(config.pruneInterval());
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            List<UUID> pruned = store.jobsPrune(now, batchSize);
            for (UUID id : pruned) onPruned.accept(id);
            total += pruned.size();
            if (pruned.size() < batchSize) break;
        }
        if (total > 0) log.info("pruned {} finished jobs past their retention", total);
        store.deletedJobsPrune(now.minus(DELETIONS_REMEMBERED), batchSize);
    }
}
