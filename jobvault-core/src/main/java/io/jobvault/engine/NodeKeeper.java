package io.jobvault.engine;

import io.jobvault.store.JobRescueParams;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's place in the cluster: heartbeats its row in the node registry (with the job types it has handlers for), holds or takes the maintenance
 * leadership (a lease row lasting the node timeout: when the leader dies another takes over within it), and, as leader, takes
 * back at once the jobs of nodes that stopped heartbeating, without waiting for each job's own lease. The heartbeat
 * and the election run in the liveness loop; the rescue of silent nodes ({@link #silentNodesRescue}) is leader upkeep.
 */
final class NodeKeeper implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(NodeKeeper.class);
    static final String ROLE = "maintenance";

    private final JobStore store;
    private final String nodeId;
    private final Set<String> jobTypes;
    private final Duration leaderLease;
    private final Duration nodeTimeout;
    private final Every every;
    private final LivenessClock liveness;
    private volatile boolean leader;

    private final NodeIdHold hold;
    private final Runnable onRegained;

    /**
     * @param liveness   the clock heartbeats, the election and the silent-node rescue are judged on
     * @param onRegained told when this process holds its node id again after losing it (claiming resumes)
     */
    NodeKeeper(JobStore store, EngineConfig config, LivenessClock liveness, NodeIdHold hold, Runnable onRegained) {
        this.hold = hold;
        this.onRegained = onRegained;
        this.store = store;
        this.liveness = liveness;
        this.nodeId = config.nodeId();
        this.jobTypes = config.jobTypes().keySet(); // recorded with each heartbeat: any node can tell which types run
        // as long as a node may be silent before it counts as dead: a dead leader is replaced, and its own jobs are
        // rescued, on the same clock as any other node's
        this.leaderLease = config.nodeTimeout();
        this.nodeTimeout = config.nodeTimeout();
        this.every = new Every(config.nodeTimeout().dividedBy(4));
    }

    boolean isLeader() {
        return leader;
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        if (!keepNodeId(now)) return;
        liveness.sync();
        Instant t = liveness.instant(); // not now: nodes judge each other on one clock, whatever their own say
        store.nodeHeartbeat(nodeId, jobTypes, t, io.jobvault.Jobvault.VERSION, liveness.skew().orElse(null));
        boolean was = leader;
        leader = store.leaderAttemptElect(ROLE, nodeId, t, t.plus(leaderLease));
        if (leader != was) log.info("node {} {} the maintenance leader", nodeId, leader ? "is now" : "is no longer");
    }

    /**
     * Whether this process still holds its node id. While another process holds it, this one neither heartbeats nor
     * leads (both would be done under the other's name) and its fetchers claim nothing; it tries again every beat.
     */
    private boolean keepNodeId(Instant now) {
        java.util.Optional<String> why = store.nodeKeep(nodeId);
        if (why.isPresent()) {
            if (hold.lose(now, why.get())) {
                log.error("node {} lost its node id ({}): it claims no jobs and does not lead until it holds the id"
                        + " again; if another process uses this id, give each process its own", nodeId, why.get());
            }
            if (leader) log.info("node {} is no longer the maintenance leader", nodeId);
            leader = false;
            return false;
        }
        if (hold.regain()) {
            log.warn("node {} holds its node id again; claiming resumes", nodeId);
            onRegained.run();
        }
        return true;
    }

    /** The leader's task that takes back the jobs of silent nodes, as often as this node heartbeats. */
    MaintenanceTask silentNodesRescue(Rescuer rescuer) {
        return new SilentNodesRescue(rescuer);
    }

    /**
     * Takes back the running jobs of nodes silent for over the node timeout, a bounded number per call; a node is
     * forgotten once all its jobs are back. Returns false when some are left for the next call.
     */
    private boolean rescueSilentNodes(Rescuer rescuer, Instant now) {
        for (String silent : store.nodesSilentSince(now.minus(nodeTimeout))) {
            if (silent.equals(nodeId)) continue;
            Rescuer.Rescued r = rescuer.rescue(new JobRescueParams(now, silent, Rescuer.BATCH,
                    "node " + silent + " stopped heartbeating for over " + nodeTimeout.toSeconds() + " s (crashed or cut off)"),
                    Rescuer.MAX_BATCHES_PER_TICK);
            log.warn("node {} stopped heartbeating; took back {} of its running jobs", silent, r.count());
            if (!r.done()) return false;
            store.nodeForget(silent);
        }
        return true;
    }

    private final class SilentNodesRescue implements MaintenanceTask {
        private final Every every = new Every(nodeTimeout.dividedBy(4));
        private final Rescuer rescuer;

        SilentNodesRescue(Rescuer rescuer) {
            this.rescuer = rescuer;
        }

        @Override
        public void tick(Instant now) {
            // silence is judged on the liveness clock, which the heartbeats were written on: not this node's own
            if (every.due(now) && !rescueSilentNodes(rescuer, liveness.instant())) every.soon();
        }
    }

    /** Leaves the registry and the leadership so that another node takes over at once. */
    void leave() {
        store.leaderResign(ROLE, nodeId);
        store.nodeForget(nodeId);
        leader = false;
    }
}
