package io.jobvault;

import java.time.Duration;
import java.time.Instant;

/**
 * A queue as the cluster sees it now.
 *
 * @param pausedAt  since when it is paused (its jobs wait; no node claims them), or null while it runs
 * @param available jobs ready to run now (its depth)
 * @param running   jobs running now
 * @param scheduled jobs waiting for their run-at (scheduled or retrying)
 * @param latency   how long its oldest available job has waited past its run-at (zero when none waits)
 */
public record QueueInfo(String name, Instant pausedAt, long available, long running, long scheduled, Duration latency) {
    public boolean paused() {
        return pausedAt != null;
    }
}
