package io.jobvault.engine;

import io.jobvault.store.JobRescueParams;
import io.jobvault.store.JobStore;
import io.jobvault.store.RescuedJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back jobs whose lease expired (their node died or stalled): AVAILABLE again while attempts are left, DEAD
 * otherwise. Each rescue is logged with the job, the node and how long it had been running.
 */
final class Rescuer implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(Rescuer.class);
    static final int BATCH = 1000;
    /** A tick rescues at most this many batches (short transactions); the rest follow on the next tick. */
    static final int MAX_BATCHES_PER_TICK = 10;

    private final JobStore store;
    private final Every every;
    private final Runnable onRescued;
    private final EngineConfig config;
    private final Supplier<Instant> heartbeatedAt;
    private final LivenessClock liveness;

    /**
     * @param liveness      the clock lease expiry is judged on (lease ends are written on it)
     * @param heartbeatedAt the engine-clock instant up to which this node's own leases are heartbeated (its liveness
     *                      loop's last pass): expiry is judged as of then at the latest, so a clock that jumps ahead
     *                      (tests) or a rescue that races the heartbeat never takes back a lease this node keeps
     */
    Rescuer(JobStore store, EngineConfig config, LivenessClock liveness, Runnable onRescued,
            Supplier<Instant> heartbeatedAt) {
        this.store = store;
        this.config = config;
        this.liveness = liveness;
        this.every = new Every(config.rescueInterval());
        this.onRescued = onRescued;
        this.heartbeatedAt = heartbeatedAt;
    }

    @Override
    public void tick(Instant now) {
        Instant at = heartbeatedAt.get();
        if (at.isAfter(now)) at = now;
        if (!every.due(at) || at.equals(Instant.MIN)) return; // MIN: not heartbeated yet, nothing to judge by
        // leases expire on the liveness clock, as it read when this node's liveness loop last passed
        Instant expiredBy = liveness.asOf(at, now);
        if (!rescue(new JobRescueParams(expiredBy, null, BATCH), MAX_BATCHES_PER_TICK).done()) every.soon();
    }

    /** How many jobs a rescue took back, and whether it took back all it selects ({@code false}: call again). */
    record Rescued(int count, boolean done) {}

    /** Rescues all that {@code params} selects, batch by batch; returns how many jobs were taken back. */
    int rescue(JobRescueParams params) {
        return rescue(params, Integer.MAX_VALUE).count();
    }

    /** Rescues what {@code params} selects, at most {@code maxBatches} batches of {@code params.limit()}. */
    Rescued rescue(JobRescueParams params, int maxBatches) {
        int total = 0;
        int batches = 0;
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
            batches++;
        } while (batch.size() == params.limit() && batches < maxBatches);
        if (total > 0) onRescued.run();
        return new Rescued(total, batch.size() < params.limit());
    }
}
