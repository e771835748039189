package io.jobvault.alert;

import io.jobvault.engine.Every;
import io.jobvault.engine.MaintenanceTask;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Runs on every node (not only the leader: while the store is away nobody can lead). It probes the store every few
 * seconds; unreachable for longer than the threshold, it raises a CRITICAL alert at once to every sink: the log takes
 * it as it is, and webhook and email deliveries, which the store cannot take as jobs now, go out directly from the
 * node's {@link DeliveryOutbox}. When the store answers again, the outage is recorded as an alert, raised and
 * resolved, and the resolution is sent to every sink. Both carry the same key ({@code store.unreachable:NODE}) and
 * raise time (when this node lost the store), so each node's outage is one RAISED and one RESOLVED.
 */
final class StoreWatch implements MaintenanceTask {
    private final JobStore store;
    private final String node;
    private final Duration threshold;
    private final Sinks sinks;
    private final Every every = new Every(Duration.ofSeconds(5));
    private Instant downSince;
    private boolean reported;

    StoreWatch(JobStore store, String node, Duration threshold, Sinks sinks) {
        this.store = store;
        this.node = node;
        this.threshold = threshold;
        this.sinks = sinks;
    }

    @Override
    public void tick(Instant now) {
        if (!every.due(now)) return;
        boolean up;
        try {
            store.leaderOf("maintenance");
            up = true;
        } catch (RuntimeException e) {
            up = false;
        }
        if (!up) {
            // to the store's precision, so the RAISED sent now and the RESOLVED read back from the store name one time
            if (downSince == null) downSince = now.truncatedTo(ChronoUnit.MILLIS);
            if (!reported && Duration.between(downSince, now).compareTo(threshold) > 0) {
                reported = true;
                sinks.deliver(outage(now, null));
            }
            return;
        }
        sinks.retryFailed();
        if (reported) sinks.deliver(record(outage(downSince, now), now)); // throws: reported stays, tried next tick
        downSince = null;
        reported = false;
    }

    /**
     * Stores the outage raised and resolved. A try that failed half-way left it open: then it is found by its key and
     * resolved, so no outage stays open for ever.
     */
    private Alert record(Alert outage, Instant back) {
        Optional<Alert> open = store.alertOpen(outage)
                .or(() -> store.alertsOpen().stream().filter(a -> a.key().equals(outage.key())).findFirst());
        return open.flatMap(o -> store.alertResolve(o.id(), back)).orElse(outage);
    }

    private Alert outage(Instant now, Instant back) {
        Instant since = downSince == null ? now : downSince;
        return new Alert(0, "store.unreachable:" + node, "store.unreachable", Severity.CRITICAL,
                "The store is unreachable from node " + node,
                "Node " + node + " cannot reach the job store since " + since + (back == null ? "" : "; it answered again at "
                        + back + " (" + Duration.between(since, back).toSeconds() + " s)") + ". Submits answer 503"
                        + " meanwhile; accepted jobs are safe.",
                "check the database server and the network path to it; nodes resume by themselves when it answers",
                Map.of("node", node, "since", since.toString()), since, back);
    }
}
