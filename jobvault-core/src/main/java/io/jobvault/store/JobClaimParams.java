package io.jobvault.store;

import java.time.Instant;

/** Claim up to {@code limit} jobs of {@code queue} for {@code owner}, leased until {@code leaseUntil}. */
public record JobClaimParams(String queue, int limit, String owner, Instant leaseUntil, Instant now) {}
