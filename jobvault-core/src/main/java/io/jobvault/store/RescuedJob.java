package io.jobvault.store;

import io.jobvault.JobState;
import java.time.Instant;
import java.util.UUID;

/** A job taken back from a lease that expired: who held it, since when, and where it went. */
public record RescuedJob(UUID id, String type, int attempt, String owner, Instant startedAt, JobState newState) {}
