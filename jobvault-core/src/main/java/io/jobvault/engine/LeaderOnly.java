package io.jobvault.engine;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Runs a maintenance task only on the node that is the maintenance leader, so it runs once in a cluster. */
final class LeaderOnly implements MaintenanceTask {
    private final MaintenanceTask task;
    private final BooleanSupplier isLeader;

    LeaderOnly(MaintenanceTask task, BooleanSupplier isLeader) {
        this.task = task;
        this.isLeader = isLeader;
    }

    @Override
    public void tick(Instant now) {
        if (isLeader.getAsBoolean()) task.tick(now);
    }

    @Override
    public String toString() {
        return task.getClass().getSimpleName();
    }
}
