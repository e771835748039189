package io.jobvault.alert;

import io.jobvault.engine.Every;
import io.jobvault.engine.MaintenanceTask;
import io.jobvault.store.AlertStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts only a node itself can tell — its disks, its writes to the store, its clock — evaluated on every node (the leader's
 * {@link Alerter} leaves them alone). Like the leader's, each is raised once and resolved when its condition clears.
 * But the store may be what is full: an alert it cannot record goes to the sinks at once (the log needs no store), is
 * recorded when the store takes writes again, and is resolved then if its condition cleared meanwhile.
 */
final class NodeAlerts implements MaintenanceTask {
    private static final Logger log = LoggerFactory.getLogger(NodeAlerts.class);
    /** The rules of node alerts: the leader's Alerter neither raises nor resolves these. */
    static final Set<String> RULES = Set.of(StoreWriteRule.RULE, DiskSpaceRule.RULE, ArtifactSpaceRule.RULE,
            NodeIdLostRule.RULE, ClockSkewRule.RULE);

    private final AlertStore store;
    private final String node;
    private final List<AlertRule> rules;
    private final Sinks sinks;
    private final Every every;
    /** Raised and told to the sinks, not yet in the store: it could not be written. */
    private final Map<String, Alert> unrecorded = new LinkedHashMap<>();

    NodeAlerts(AlertStore store, String node, List<AlertRule> rules, Sinks sinks, AlertSettings settings) {
        this.store = store;
        this.node = node;
        this.rules = List.copyOf(rules);
        this.sinks = sinks;
        this.every = new Every(settings.evaluateEvery());
    }

    /** Whether {@code a} is one of this node's alerts. */
    private boolean ours(Alert a) {
        return RULES.contains(a.rule()) && node.equals(a.context().get("node"));
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        sinks.retryFailed();
        Map<String, AlertCondition> holding = AlertRule.holdingNow(rules, now).orElse(null);
        if (holding == null) return;
        Map<String, Alert> open = new HashMap<>();
        for (Alert a : store.alertsOpen()) if (ours(a)) open.put(a.key(), a);
        for (AlertCondition c : holding.values()) {
            if (!open.containsKey(c.key())) raise(unrecorded.getOrDefault(c.key(), Alert.raise(c, now)));
        }
        for (Alert a : open.values()) {
            if (!holding.containsKey(a.key())) store.alertResolve(a.id(), now).ifPresent(sinks::deliver);
        }
        for (Alert a : List.copyOf(unrecorded.values())) {
            if (!holding.containsKey(a.key())) recordCleared(a, now);
        }
    }

    /** Records {@code a} and tells the sinks, once; when the store cannot take it, tells them now and records it later. */
    private void raise(Alert a) {
        boolean told = unrecorded.containsKey(a.key());
        try {
            var stored = store.alertOpen(a);
            unrecorded.remove(a.key());
            if (!told) stored.ifPresent(sinks::deliver);
        } catch (RuntimeException e) {
            if (told) return;
            unrecorded.put(a.key(), a);
            log.warn("cannot record alert {} in the store ({}); telling the sinks now, recording it later", a.key(), e.toString());
            sinks.deliver(a);
        }
    }

    /** An alert told but never recorded whose condition cleared: recorded raised and resolved, the resolution told. */
    private void recordCleared(Alert a, Instant now) {
        try {
            var stored = store.alertOpen(a)
                    .or(() -> store.alertsOpen().stream().filter(o -> o.key().equals(a.key())).findFirst());
            unrecorded.remove(a.key());
            stored.flatMap(s -> store.alertResolve(s.id(), now)).ifPresent(sinks::deliver);
        } catch (RuntimeException e) {
            log.debug("cannot record the cleared alert {} yet: {}", a.key(), e.toString());
        }
    }
}
