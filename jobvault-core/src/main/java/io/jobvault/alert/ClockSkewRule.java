package io.jobvault.alert;

import io.jobvault.engine.LivenessClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code clock.skewed}: this node's clock is more than {@link LivenessClock#SKEW_LIMIT} from the database's. Leases and
 * node liveness follow the database's clock, so no job is taken back for it; but run-at times, schedules, retention
 * and the times the node records follow its own. Costs nothing: the skew is measured with each node heartbeat.
 */
final class ClockSkewRule implements AlertRule {
    static final String RULE = "clock.skewed";

    private final String node;
    private final LivenessClock liveness;

    ClockSkewRule(String node, LivenessClock liveness) {
        this.node = node;
        this.liveness = liveness;
    }

    @Override
    public List<AlertCondition> evaluate(Instant now) {
        Duration skew = liveness.skew().orElse(Duration.ZERO);
        if (!LivenessClock.beyondLimit(skew)) return List.of();
        String off = LivenessClock.describe(skew) + " the database's";
        return List.of(new AlertCondition(RULE + ":" + node, RULE, Severity.WARNING,
                "The clock of node " + node + " is " + off,
                "The clock of node " + node + " is " + off + " (more than " + LivenessClock.SKEW_LIMIT.toSeconds()
                        + " s). Leases and node liveness follow the database's clock, so no running job is taken back"
                        + " for it; but the run-at times, schedule fires, retention and the times this node records"
                        + " follow its own clock, so they are off by as much.",
                "synchronise the clock of the machine of node " + node + " (NTP: chronyd or systemd-timesyncd);"
                        + " the alert resolves by itself",
                Map.of("node", node, "skewSeconds", String.format(Locale.ROOT, "%.1f", skew.toMillis() / 1000.0))));
    }
}
