package io.jobvault.engine;

import io.jobvault.store.JobStore;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished jobs whose retention has ended, in bounded batches (short transactions, so submits and claims
 * never wait long behind it), and at most {@code MAX_BATCHES} per run so one run cannot monopolise the store.
 */
final class Pruner implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    private static final int MAX_BATCHES = 100;

    private final JobStore store;
    private final int batchSize;
    private final Every every;

    Pruner(JobStore store, EngineConfig config) {
        this.store = store;
        this.batchSize = config.pruneBatchSize();
        this.every = new Every(config.pruneInterval());
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        int total = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n = store.jobsPrune(now, batchSize);
            total += n;
            if (n < batchSize) break;
        }
        if (total > 0) log.info("pruned {} finished jobs past their retention", total);
    }
}
