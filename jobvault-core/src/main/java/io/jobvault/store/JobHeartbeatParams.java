package io.jobvault.store;

import java.time.Instant;
import java.util.List;

/**
 * Extend the leases {@code owner} holds on {@code leases} until {@code leaseUntil}: each while its job runs under that
 * owner and attempt. One lease per job.
 */
public record JobHeartbeatParams(String owner, List<LeaseRef> leases, Instant leaseUntil, Instant now) {}
