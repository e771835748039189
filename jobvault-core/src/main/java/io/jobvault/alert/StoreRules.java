package io.jobvault.alert;

import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Conditions read straight off the store: queue latency and artifacts whose content is missing. */
final class StoreRules implements AlertRule {
    private final JobStore store;
    private final AlertSettings settings;

    StoreRules(JobStore store, AlertSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** The oldest available job's run-at, of queues not paused: a paused queue's jobs wait because an operator said so. */
    private java.util.Optional<Instant> oldestAvailableOfRunningQueues() {
        Map<String, Instant> paused = store.queuesPaused();
        if (paused.isEmpty()) return store.jobsOldestAvailableRunAt();
        return store.jobsOldestAvailableByQueue().entrySet().stream().filter(e -> !paused.containsKey(e.getKey()))
                .map(Map.Entry::getValue).min(Instant::compareTo);
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        List<AlertCondition> out = new ArrayList<>();
        oldestAvailableOfRunningQueues().ifPresent(oldest -> {
            Duration waited = Duration.between(oldest, now);
            if (waited.compareTo(settings.queueLatency()) > 0) {
                out.add(new AlertCondition("queue-latency", "queue-latency", Severity.WARNING,
                        "Jobs wait " + waited.toMinutes() + " min to start",
                        "The oldest available job has waited " + waited.toSeconds() + " s for a worker (threshold "
                                + settings.queueLatency().toSeconds() + " s).",
                        "add workers or concurrency for the busy queue (GET /v1/health shows queue depths), or check"
                                + " that nodes are claiming",
                        Map.of("oldestRunAt", oldest.toString(), "waitedSeconds", String.valueOf(waited.toSeconds()))));
            }
        });
        long missing = store.artifactsMissingCount();
        if (missing > 0) {
            out.add(new AlertCondition("artifact.missing", "artifact.missing", Severity.WARNING,
                    missing + " artifact(s) have lost their content",
                    missing + " artifact(s) are recorded but their content is gone from the artifact storage.",
                    "check the artifact directory or database; GET /v1/health counts them and each job's JSON flags its"
                            + " missing artifacts; re-run the jobs to produce them again",
                    Map.of("missing", String.valueOf(missing))));
        }
        return out;
    }
}
