package io.jobvault.engine;

import java.time.Instant;

/** Periodic upkeep run by the {@link Maintenance} loop; {@code now} comes from the engine clock. */
public interface MaintenanceTask {
    void tick(Instant now);
}
