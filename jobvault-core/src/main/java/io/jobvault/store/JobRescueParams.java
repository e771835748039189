package io.jobvault.store;

import java.time.Instant;

/**
 * Rescue expired leases (owner null) or every lease of one owner (its previous incarnation, or a dead node).
 *
 * @param reason recorded with each rescued attempt; null for the default wording
 */
public record JobRescueParams(Instant now, String owner, int limit, String reason) {
    public JobRescueParams(Instant now, String owner, int limit) {
        this(now, owner, limit, null);
    }
}
