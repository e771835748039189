package io.jobvault.store;

import io.jobvault.alert.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The part of the store SPI that keeps alerts, and the job counts alert rules read. */
public interface AlertStore {
    /**
     * Records a raised alert unless one with its key is open already (any node may have raised it): returns it with
     * its id, or empty when it was open already.
     */
    Optional<Alert> alertOpen(Alert alert);

    /** Open alerts, oldest first. */
    List<Alert> alertsOpen();

    /** Resolves an open alert once; empty when it was resolved already. */
    Optional<Alert> alertResolve(long id, Instant at);

    /**
     * Acknowledges an open, unacknowledged alert; returns the alert as it then stands (also when it was resolved or
     * acknowledged before, unchanged), or empty when there is no such alert.
     */
    Optional<Alert> alertAcknowledge(long id, String by, Instant at);

    /** Deletes up to {@code limit} alerts resolved before {@code cutoff}; returns how many. Open alerts stay. */
    int alertsPrune(Instant cutoff, int limit);

    /** Alerts raised or resolved at or after {@code since}, newest first. */
    List<Alert> alertsSince(Instant since, int limit);

    /**
     * Finished jobs among the newest {@code limit} created since {@code lowerBound} (ids are time-ordered), counted by
     * type, queue and state. The limit bounds the work at any throughput: at 30,000 jobs/s a 15-minute window holds 27
     * million jobs, and a periodic rule must not count them all.
     */
    List<FinishedCount> jobsFinishedCountsSince(UUID lowerBound, int limit);

    /** A count of finished jobs of one type, queue and end state. */
    record FinishedCount(String type, String queue, io.jobvault.JobState state, long count) {}
}
