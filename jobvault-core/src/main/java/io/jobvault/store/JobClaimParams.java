package io.jobvault.store;

import io.jobvault.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Claim up to {@code limit} jobs of {@code queue} for {@code owner}, leased until {@code leaseUntil}; with a
 * {@code tenant}, only that tenant's jobs (a tenant-bound remote worker).
 *
 * @param rateLimits the rate limits of job types, by type name: a job over its type's limit is not claimed but waits
 * @param keyRecheck how long a job whose concurrency key is full waits before it is looked at again
 */
public record JobClaimParams(String queue, int limit, String owner, Instant leaseUntil, Instant now, String tenant,
        Map<String, RateLimit> rateLimits, Duration keyRecheck) {
    public static final Duration DEFAULT_KEY_RECHECK = Duration.ofSeconds(1);

    public JobClaimParams {
        rateLimits = Map.copyOf(rateLimits);
    }

    public JobClaimParams(String queue, int limit, String owner, Instant leaseUntil, Instant now, String tenant) {
        this(queue, limit, owner, leaseUntil, now, tenant, Map.of(), DEFAULT_KEY_RECHECK);
    }

    public JobClaimParams(String queue, int limit, String owner, Instant leaseUntil, Instant now) {
        this(queue, limit, owner, leaseUntil, now, null);
    }
}
