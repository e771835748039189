package io.jobvault.alert;

import io.jobvault.engine.CatchUp;
import io.jobvault.engine.Every;
import io.jobvault.engine.MaintenanceTask;
import io.jobvault.store.AlertStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the rules on the maintenance leader and keeps the open alerts in step: a condition without an open alert
 * raises one (once: the store refuses a second open alert with the same key, whichever node tries), an open alert
 * whose condition no longer holds is resolved. Both are delivered to every sink. Alerts of a node's own
 * ({@link NodeAlerts}: its disks, its writes) are that node's to resolve.
 */
final class Alerter implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(Alerter.class);

    private final AlertStore store;
    private final List<AlertRule> rules;
    private final Sinks sinks;
    private final Every every;
    private final Every pruneEvery = new Every(java.time.Duration.ofHours(1));
    /** Resolved alerts are kept 90 days (GET /v1/alerts?since= reaches back that far), then pruned. */
    static final java.time.Duration RESOLVED_RETENTION = java.time.Duration.ofDays(90);
    private static final int PRUNE_BATCH = 1000;

    Alerter(AlertStore store, List<AlertRule> rules, Sinks sinks, AlertSettings settings) {
        this.store = store;
        this.rules = List.copyOf(rules);
        this.sinks = sinks;
        this.every = new Every(settings.evaluateEvery());
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        sinks.retryFailed();
        Map<String, AlertCondition> holding = AlertRule.holdingNow(rules, now).orElse(null);
        if (holding == null) return;
        List<Alert> open = store.alertsOpen().stream().filter(a -> !NodeAlerts.RULES.contains(a.rule())).toList();
        Map<String, Alert> openByKey = new HashMap<>();
        for (Alert a : open) openByKey.put(a.key(), a);
        // each change goes out as soon as it is stored: a later store call that fails must not swallow it
        for (AlertCondition c : holding.values()) {
            if (!openByKey.containsKey(c.key())) store.alertOpen(Alert.raise(c, now)).ifPresent(sinks::deliver);
        }
        for (Alert a : open) {
            if (!holding.containsKey(a.key())) store.alertResolve(a.id(), now).ifPresent(sinks::deliver);
        }
        if (pruneEvery.due(now)) {
            // batch after batch until caught up; a pass cut short by its budget goes on at the next evaluation
            CatchUp pruned = CatchUp.run(() -> store.alertsPrune(now.minus(RESOLVED_RETENTION), PRUNE_BATCH), PRUNE_BATCH,
                    CatchUp.PASS_BUDGET);
            if (pruned.done() > 0) log.info("pruned {} alerts resolved more than {} ago", pruned.done(), RESOLVED_RETENTION);
            if (!pruned.caughtUp()) pruneEvery.soon();
        }
    }
}
