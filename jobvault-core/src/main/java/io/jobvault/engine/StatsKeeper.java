package io.jobvault.engine;

import io.jobvault.FinishedRuns;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Upkeep of the job counters and per-minute figures (leader only): folds the counters' change logs into their totals
 * every second, so reads sum a short log (stores without logs fold nothing), and forgets minutes past
 * {@link FinishedRuns#RETENTION} every prune interval. Each pass is bounded in rows and time; one that did not catch
 * up comes back on the next tick.
 */
final class StatsKeeper implements MaintenanceTask {
    static final int FOLD_BATCH = 5_000;
    static final Duration FOLD_INTERVAL = Duration.ofSeconds(1);

    private final JobStore store;
    private final int pruneBatchSize;
    private final Every pruneEvery;
    private final Every foldEvery = new Every(FOLD_INTERVAL);

    StatsKeeper(JobStore store, EngineConfig config) {
        this.store = store;
        this.pruneBatchSize = config.pruneBatchSize();
        this.pruneEvery = new Every(config.pruneInterval());
    }

    @Override
    public void tick(Instant now) {
        if (foldEvery.due(now)) {
            CatchUp fold = CatchUp.run(() -> store.jobStatsFold(FOLD_BATCH), FOLD_BATCH, CatchUp.PASS_BUDGET);
            if (!fold.caughtUp()) foldEvery.soon();
        }
        if (pruneEvery.due(now)) {
            CatchUp pass = CatchUp.run(() -> store.jobStatsPrune(now.minus(FinishedRuns.RETENTION), pruneBatchSize),
                    pruneBatchSize, CatchUp.PASS_BUDGET);
            if (!pass.caughtUp()) pruneEvery.soon();
        }
    }
}
