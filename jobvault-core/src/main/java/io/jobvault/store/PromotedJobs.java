package io.jobvault.store;

import java.util.Set;

/** How many scheduled or retrying jobs became available, and in which queues. */
public record PromotedJobs(int count, Set<String> queues) {}
