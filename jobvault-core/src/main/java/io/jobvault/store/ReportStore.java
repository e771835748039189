package io.jobvault.store;

import java.util.List;
import java.util.UUID;

/** What the health report reads beyond counts: recovery times and pickup latencies, over a bounded id range. */
public interface ReportStore {
    /**
     * Jobs created since {@code lowerBound} that failed at least one attempt and then SUCCEEDED: how many, and the mean
     * time from their first failed attempt to their success.
     */
    Recovery jobsRecoverySince(UUID lowerBound);

    /** How long jobs created since {@code lowerBound} waited from their run-at to their last start, newest first. */
    List<Long> jobsPickupMillisSince(UUID lowerBound, int limit);

    /** @param meanMillis the mean recovery time, or -1 when {@code count} is 0 */
    record Recovery(long count, long meanMillis) {}
}
