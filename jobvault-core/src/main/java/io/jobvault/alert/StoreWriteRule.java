package io.jobvault.alert;

import io.jobvault.store.JobStore;
import io.jobvault.store.WriteFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code store.unwritable}: this node's writes to the store fail though the store answers reads — typically a full
 * disk under the SQLite file. While they fail, each evaluation probes with one small write, so the alert resolves
 * (and readiness turns ready) as soon as writes work again, even on a node that gets no submits.
 */
final class StoreWriteRule implements AlertRule {
    static final String RULE = "store.unwritable";

    private final JobStore store;
    private final String node;

    StoreWriteRule(JobStore store, String node) {
        this.store = store;
        this.node = node;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        if (store.writeFailure().isEmpty()) return List.of();
        try {
            store.writeProbe(now);
        } catch (RuntimeException stillFailing) {
            // told by writeFailure below
        }
        Optional<WriteFailure> failing = store.writeFailure();
        if (failing.isEmpty()) return List.of();
        WriteFailure f = failing.get();
        return List.of(new AlertCondition(RULE + ":" + node, RULE, Severity.CRITICAL,
                "Node " + node + " cannot write to the store" + (f.diskFull() ? ": the disk is full" : ""),
                "Writes to the store from node " + node + " fail: " + f.cause() + ". Submits answer 503 (nothing is"
                        + " stored) and finished runs wait in memory until writes work; accepted jobs are safe.",
                f.diskFull()
                        ? "free space on the disk of the database (with SQLite, the data directory) or grow it; writes"
                                + " resume by themselves, no restart needed"
                        : "check the database and its disk; the node retries by itself",
                Map.of("node", node, "cause", String.valueOf(f.cause()), "diskFull", String.valueOf(f.diskFull()))));
    }
}
