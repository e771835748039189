package io.jobvault.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loop for all periodic upkeep. It looks at the engine clock every {@code tickInterval} (real time) and runs
 * each task; the tasks decide by the clock whether they are due. A failing task is logged and tried on its next
 * tick; it never stops the others.
 */
final class Maintenance implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final Clock clock;
    private final Duration tickInterval;
    private final List<MaintenanceTask> tasks;
    private final Signal signal = new Signal();
    private volatile boolean stopped;
    /** The engine-clock instant at which the last full pass over the tasks began; {@link Instant#MIN} before one. */
    private volatile Instant lastPassAt = Instant.MIN;

    Maintenance(Clock clock, Duration tickInterval, List<MaintenanceTask> tasks) {
        this.clock = clock;
        this.tickInterval = tickInterval;
        this.tasks = new java.util.concurrent.CopyOnWriteArrayList<>(tasks);
    }

    /** Adds a task from a feature outside the engine (e.g. the scheduler). */
    void add(MaintenanceTask task) {
        tasks.add(task);
    }

    void stop() {
        stopped = true;
        signal.signal();
    }

    /**
     * The engine-clock instant every task of this loop has been ticked at (or after). The leader's rescue judges leases
     * as of this instant of the liveness loop, never later: a node's own leases are heartbeated before they are judged.
     */
    Instant lastPassAt() {
        return lastPassAt;
    }

    /** Runs a tick soon instead of waiting for the interval. */
    void wake() {
        signal.signal();
    }

    @Override
    public void run() {
        while (!stopped) {
            Instant passAt = clock.instant();
            for (MaintenanceTask task : tasks) {
                if (stopped) return;
                try {
                    task.tick(clock.instant());
                } catch (RuntimeException e) {
                    log.warn("{} failed; trying again next tick: {}", task instanceof LeaderOnly ? task : task.getClass().getSimpleName(), e.toString());
                }
            }
            lastPassAt = passAt;
            try {
                signal.await(tickInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
