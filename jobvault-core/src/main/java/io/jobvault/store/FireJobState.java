package io.jobvault.store;

import io.jobvault.JobState;
import java.util.UUID;

/** A fire's job and where it is now; {@code state} is null when the job was pruned or deleted. */
public record FireJobState(String key, String kind, UUID jobId, JobState state, String result) {}
