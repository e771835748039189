package io.jobvault.engine;

import io.jobvault.store.HeartbeatResult;
import io.jobvault.store.JobHeartbeatParams;
import io.jobvault.store.JobProgress;
import io.jobvault.store.JobStore;
import io.jobvault.store.LeaseRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's runs honest: interrupts handlers past their timeout, persists throttled progress in one batch,
 * and heartbeats every held lease in one statement. A run whose lease turns out lost, or whose job was cancelled,
 * gets its handler interrupted.
 */
final class LeaseKeeper implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final JobStore store;
    private final RunningJobs running;
    private final EngineConfig config;
    private final Every heartbeat;
    private final LivenessClock liveness;

    LeaseKeeper(JobStore store, RunningJobs running, EngineConfig config, LivenessClock liveness) {
        this.store = store;
        this.running = running;
        this.config = config;
        this.liveness = liveness;
        this.heartbeat = new Every(config.heartbeatInterval());
    }

    @Override
    public void tick(Instant now) {
        if (running.isEmpty()) return;
        enforceTimeouts(now);
        flushProgress(now);
        if (heartbeat.due(now)) heartbeat(now);
    }

    private void enforceTimeouts(Instant now) {
        for (RunningJob run : running.all()) {
            if (run.deadline != null && !now.isBefore(run.deadline) && run.stop(StopReason.TIMED_OUT)) {
                log.info("job {} attempt {} timed out after {}; interrupting its handler", run.job.id(), run.job.attempt(),
                        run.job.timeout());
            }
        }
    }

    private void flushProgress(Instant now) {
        List<RunningJob> runs = new ArrayList<>();
        List<JobProgress> updates = new ArrayList<>();
        for (RunningJob run : running.all()) {
            if (now.isBefore(run.lastProgressWrite.plus(config.progressInterval()))) continue;
            RunningJob.PendingProgress p = run.pendingProgress.getAndSet(null);
            if (p == null) continue;
            runs.add(run);
            updates.add(new JobProgress(run.job.id(), run.job.attempt(), config.nodeId(), p.percent(), p.message()));
        }
        if (updates.isEmpty()) return;
        boolean[] applied = store.jobsProgressIfRunning(updates, now);
        for (int i = 0; i < applied.length; i++) {
            RunningJob run = runs.get(i);
            run.lastProgressWrite = now;
            if (!applied[i]) leaseLost(run);
        }
    }

    private void heartbeat(Instant now) {
        List<LeaseRef> leases = new ArrayList<>();
        for (RunningJob run : running.all()) leases.add(run.lease());
        if (leases.isEmpty()) return;
        HeartbeatResult result = store.jobsHeartbeat(
                new JobHeartbeatParams(config.nodeId(), leases, liveness.instant().plus(config.leaseDuration()), now));
        for (LeaseRef lost : result.lost()) {
            RunningJob run = running.get(lost.id());
            // Only the run that held that attempt: a newer run of the same job may have replaced it meanwhile.
            if (run != null && run.job.attempt() == lost.attempt()) leaseLost(run);
        }
        for (UUID id : result.cancelRequested()) cancelLocal(id);
    }

    /** Interrupts the local handler of a job someone cancelled; false when this node does not run it. */
    boolean cancelLocal(UUID id) {
        RunningJob run = running.get(id);
        if (run == null) return false;
        if (run.stop(StopReason.CANCELLED)) log.info("job {} cancelled while running; interrupting its handler", id);
        return true;
    }

    private void leaseLost(RunningJob run) {
        if (run.handedOver) return; // its end was just committed, not lost: nothing to interrupt, nothing to report
        if (run.stop(StopReason.LEASE_LOST)) {
            log.warn("job {} attempt {}: this node lost its lease (it was rescued elsewhere); interrupting the handler",
                    run.job.id(), run.job.attempt());
        }
    }
}
