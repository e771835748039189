package io.jobvault.spring;

import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.alert.Severity;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Actuator's {@code jobvault} component: DOWN when the store does not answer or another process holds this node's id
 * (the node claims nothing meanwhile); details name the node, the maintenance leader and the open critical alerts
 * (which leave the status UP: a missed schedule fire is for someone to act on, not a reason to restart the service).
 */
public class JobvaultHealthIndicator implements HealthIndicator {
    /** Open critical alerts named in the details at most; the count is always whole. */
    static final int ALERTS_SHOWN = 5;

    private final Jobvault jobvault;

    public JobvaultHealthIndicator(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetail("nodeId", jobvault.nodeId());
        long started = System.nanoTime();
        List<Alert> critical;
        try {
            jobvault.pausedQueues(); // one small read: does the store answer
            health.withDetail("store", "UP")
                    .withDetail("storeLatencyMs", Duration.ofNanos(System.nanoTime() - started).toMillis());
            jobvault.maintenanceLeader().ifPresentOrElse(
                    leader -> health.withDetail("leader", leader).withDetail("isLeader", leader.equals(jobvault.nodeId())),
                    () -> health.withDetail("leader", "none"));
            critical = jobvault.alerts(jobvault.clock().instant(), Jobvault.MAX_PAGE).stream()
                    .filter(a -> a.open() && a.severity() == Severity.CRITICAL).toList();
        } catch (RuntimeException e) {
            // the class only: a driver's message may carry the URL
            return Health.down().withDetail("nodeId", jobvault.nodeId()).withDetail("store", "DOWN")
                    .withDetail("error", e.getClass().getName()).build();
        }
        jobvault.nodeIdLost().ifPresentOrElse(lost -> health.down().withDetail("nodeIdLock", "lost since " + lost.since() + ": " + lost.cause()),
                () -> health.withDetail("nodeIdLock", "held"));
        health.withDetail("criticalAlerts", critical.size());
        if (!critical.isEmpty()) {
            health.withDetail("criticalAlertTitles", critical.stream().limit(ALERTS_SHOWN).map(Alert::title).toList());
        }
        return health.build();
    }
}
