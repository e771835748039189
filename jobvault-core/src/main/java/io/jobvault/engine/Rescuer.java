package io.jobvault.engine;

import io.jobvault.store.JobRescueParams;
import io.jobvault.store.JobStore;
import io.jobvault.store.RescuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back jobs whose lease expired (their node died or stalled): AVAILABLE again while attempts are left, DEAD
 * otherwise. Each rescue is logged with the job, the node and how long it had been running.
 */
final class Rescuer implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(Rescuer.class);
    private static final int BATCH = 1000;

    private final JobStore store;
    private final Every every;
    private final Runnable onRescued;
    private final EngineConfig config;

    Rescuer(JobStore store, EngineConfig config, Runnable onRescued) {
        this.store = store;
        this.config = config;
        this.every = new Every(config.rescueInterval());
        this.onRescued = onRescued;
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        rescue(new JobRescueParams(now, null, BATCH));
    }

    /** Rescues what {@code params} selects, batch by batch; returns how many jobs were taken back. */
    int rescue(JobRescueParams params) {
        int total = 0;
        List<RescuedJob> batch;
        do {
            batch = store.jobsRescue(params);
            boolean ownRestart = config.nodeId().equals(params.owner());
            String why = params.owner() == null ? "its lease expired" : ownRestart ? "that node restarted"
                    : "its node stopped heartbeating";
            for (RescuedJob r : batch) {
                Duration ran = r.startedAt() == null ? null : Duration.between(r.startedAt(), params.now());
                log.warn("rescued job {} ({}) from node {} after {} of running ({}); attempt {} -> {}",
                        r.id(), r.type(), r.owner(), ran == null ? "?" : ran, why, r.attempt(), r.newState());
                if (!ownRestart) config.listener().jobRescued(r.id(), r.type(), r.owner(), ran, why);
            }
            total += batch.size();
        } while (batch.size() == params.limit());
        if (total > 0) onRescued.run();
        return total;
    }
}
