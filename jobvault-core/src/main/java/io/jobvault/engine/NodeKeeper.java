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
 * back at once the jobs of nodes that stopped heartbeating, without waiting for each job's own lease.
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
    private final Rescuer rescuer;
    private volatile boolean leader;

    NodeKeeper(JobStore store, EngineConfig config, Rescuer rescuer) {
        this.store = store;
        this.nodeId = config.nodeId();
        this.jobTypes = config.jobTypes().keySet(); // recorded with each heartbeat: any node can tell which types run
        // as long as a node may be silent before it counts as dead: a dead leader is replaced, and its own jobs are
        // rescued, on the same clock as any other node's
        this.leaderLease = config.nodeTimeout();
        this.nodeTimeout = config.nodeTimeout();
        this.every = new Every(config.nodeTimeout().dividedBy(4));
        this.rescuer = rescuer;
    }

    boolean isLeader() {
        return leader;
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        store.nodeHeartbeat(nodeId, jobTypes, now);
        boolean was = leader;
        leader = store.leaderAttemptElect(ROLE, nodeId, now, now.plus(leaderLease));
        if (leader != was) log.info("node {} {} the maintenance leader", nodeId, leader ? "is now" : "is no longer");
        if (leader) rescueSilentNodes(now);
    }

    private void rescueSilentNodes(Instant now) {
        for (String silent : store.nodesSilentSince(now.minus(nodeTimeout))) {
            if (silent.equals(nodeId)) continue;
            int n = rescuer.rescue(new JobRescueParams(now, silent, 1000,
                    "node " + silent + " stopped heartbeating for over " + nodeTimeout.toSeconds() + " s (crashed or cut off)"));
            store.nodeForget(silent);
            log.warn("node {} stopped heartbeating; took back its {} running jobs", silent, n);
        }
    }

    /** Leaves the registry and the leadership so that another node takes over at once. */
    void leave() {
        store.leaderResign(ROLE, nodeId);
        store.nodeForget(nodeId);
        leader = false;
    }
}
