package io.jobvault.store;

import io.jobvault.JobFilter;
import java.util.UUID;

/** One page of jobs matching {@code filter}, newest first, with ids below {@code afterId} (null: from the top). */
public record JobListParams(JobFilter filter, UUID afterId, int limit) {}
