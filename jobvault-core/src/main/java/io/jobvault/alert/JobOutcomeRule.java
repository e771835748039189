package io.jobvault.alert;

import io.jobvault.JobState;
import io.jobvault.id.JobIds;
import io.jobvault.store.AlertStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dead jobs and failure rates over the window, per job type and per queue. Counts the finished jobs among the newest
 * {@link #SAMPLE} created in the window (ids are time-ordered, so that is a bounded walk down the primary key): at high
 * throughput the window is in effect the last 10,000 jobs (cheap enough to run every 15 s beside claims).
 */
final class JobOutcomeRule implements AlertRule {
    /** At most this many of the window's newest jobs are counted each evaluation (bounded work at any rate). */
    static final int SAMPLE = 10_000;

    private final AlertStore store;
    private final AlertSettings settings;

    JobOutcomeRule(AlertStore store, AlertSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        Map<String, long[]> byType = new TreeMap<>(); // [succeeded, dead, cancelled]
        Map<String, long[]> byQueue = new TreeMap<>();
        for (AlertStore.FinishedCount c : store.jobsFinishedCountsSince(JobIds.lowerBound(now.minus(settings.window())), SAMPLE)) {
            int i = c.state() == JobState.SUCCEEDED ? 0 : c.state() == JobState.DEAD ? 1 : 2;
            byType.computeIfAbsent(c.type(), k -> new long[3])[i] += c.count();
            byQueue.computeIfAbsent(c.queue(), k -> new long[3])[i] += c.count();
        }
        String window = settings.window().toMinutes() + " min";
        List<AlertCondition> out = new ArrayList<>();
        byType.forEach((type, n) -> {
            if (n[1] > 0) {
                out.add(new AlertCondition("job.dead:" + type, "job.dead", Severity.WARNING,
                        n[1] + " " + type + " job(s) went DEAD",
                        n[1] + " job(s) of type " + type + " created in the last " + window + " ended DEAD (out of attempts,"
                                + " or discarded); " + n[0] + " succeeded.",
                        "GET /v1/jobs?state=dead&type=" + type + " shows them with their last error; fix the cause, then"
                                + " POST /v1/jobs/{id}/retry",
                        Map.of("type", type, "dead", String.valueOf(n[1]), "succeeded", String.valueOf(n[0]), "window", window)));
            }
            rate("type", type, n, window).ifPresent(out::add);
        });
        byQueue.forEach((queue, n) -> rate("queue", queue, n, window).ifPresent(out::add));
        return out;
    }

    private java.util.Optional<AlertCondition> rate(String what, String name, long[] n, String window) {
        long finished = n[0] + n[1];
        if (finished < settings.minFinished()) return java.util.Optional.empty();
        double rate = n[1] / (double) finished;
        if (rate < settings.failureRate()) return java.util.Optional.empty();
        String pct = String.format(java.util.Locale.ROOT, "%.0f%%", rate * 100);
        return java.util.Optional.of(new AlertCondition("failure-rate:" + what + ":" + name, "failure-rate", Severity.WARNING,
                "Failure rate of " + what + " " + name + " is " + pct,
                n[1] + " of " + finished + " finished " + what + " " + name + " jobs of the last " + window + " ended DEAD ("
                        + pct + "; the threshold is " + Math.round(settings.failureRate() * 100) + "%).",
                "look at the last errors (GET /v1/jobs?state=dead&" + what + "=" + name + "); a dependency may be down",
                Map.of(what, name, "dead", String.valueOf(n[1]), "finished", String.valueOf(finished), "rate", pct,
                        "window", window)));
    }
}
