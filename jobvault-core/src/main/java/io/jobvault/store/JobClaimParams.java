package io.jobvault.store;

import java.time.Instant;

/**
 * Claim up to {@code limit} jobs of {@code queue} for {@code owner}, leased until {@code leaseUntil}; with a
 * {@code tenant}, only that tenant's jobs (a tenant-bound remote worker).
 */
public record JobClaimParams(String queue, int limit, String owner, Instant leaseUntil, Instant now, String tenant) {
    public JobClaimParams(String queue, int limit, String owner, Instant leaseUntil, Instant now) {
        this(queue, limit, owner, leaseUntil, now, null);
    }
}
