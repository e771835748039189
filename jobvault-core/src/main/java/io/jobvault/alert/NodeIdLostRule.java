package io.jobvault.alert;

import io.jobvault.engine.NodeIdHold;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code node.id-lost}: this process no longer holds its node id — its database session ended and another process took
 * the id (an outage alone is store.unreachable, not this). The node claims nothing until it holds the id again; the
 * alert resolves then.
 */
final class NodeIdLostRule implements AlertRule {
    static final String RULE = "node.id-lost";

    private final String node;
    private final NodeIdHold hold;

    NodeIdLostRule(String node, NodeIdHold hold) {
        this.node = node;
        this.hold = hold;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        return hold.lost().map(lost -> List.of(new AlertCondition(RULE + ":" + node, RULE, Severity.CRITICAL,
                "Node " + node + " lost its node id and claims no jobs",
                "Since " + lost.since() + " this process does not hold node id " + node + " (" + lost.cause() + "). It"
                        + " claims no jobs and does not lead maintenance until it holds the id again; it tries at every"
                        + " node heartbeat. Jobs it was running may have been taken back by the process that took the id.",
                "if another process runs with node id " + node + ", give each process its own node id (--node-id,"
                        + " JobvaultBuilder.nodeId) and restart one of them; if the database restarted or a proxy cut"
                        + " the session, it resolves by itself",
                Map.of("node", node, "since", lost.since().toString(), "cause", lost.cause())))).orElse(List.of());
    }
}
