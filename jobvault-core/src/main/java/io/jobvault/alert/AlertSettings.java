package io.jobvault.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Alert thresholds; built by {@link io.jobvault.JobvaultBuilder}. The defaults suit a service whose jobs take seconds
 * to minutes.
 *
 * @param window           how far back dead jobs, failure rates and events count; an alert resolves after a window
 *                         without its condition
 * @param failureRate      a type or queue whose share of DEAD among finished jobs in the window reaches this alerts
 * @param minFinished      ... provided at least this many of its jobs finished in the window
 * @param queueLatency     the oldest available job waiting longer than this alerts
 * @param storeUnreachable the store unreachable for longer than this alerts (from every node)
 * @param evaluateEvery    how often the leader evaluates the rules
 */
public record AlertSettings(Duration window, double failureRate, int minFinished, Duration queueLatency,
                            Duration storeUnreachable, Duration evaluateEvery) {
    public static final AlertSettings DEFAULTS = new AlertSettings(Duration.ofMinutes(15), 0.25, 20, Duration.ofMinutes(5),
            Duration.ofSeconds(30), Duration.ofSeconds(15));

    public AlertSettings {
        List<String> problems = new ArrayList<>();
        for (var d : List.of(window, queueLatency, storeUnreachable, evaluateEvery)) {
            if (d == null || d.isZero() || d.isNegative()) problems.add("alert durations must be positive, was " + d);
        }
        if (!(failureRate > 0 && failureRate <= 1)) problems.add("failureRate must be within (0, 1], was " + failureRate);
        if (minFinished < 1) problems.add("minFinished must be >= 1, was " + minFinished);
        if (!problems.isEmpty()) throw new IllegalArgumentException("invalid alert settings: " + String.join("; ", problems));
    }
}
