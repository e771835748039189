package io.jobvault.store;

import java.time.Instant;

/** Rescue expired leases (owner null) or every lease of one owner (its previous incarnation). */
public record JobRescueParams(Instant now, String owner, int limit) {}
