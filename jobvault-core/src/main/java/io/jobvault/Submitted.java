package io.jobvault;

/**
 * What {@link Jobvault#submitAndGet} did, and the job the caller should follow as it stands: the new job as the submit
 * stored it, or the job that already existed for the idempotency key or unique key.
 */
public record Submitted(SubmitResult result, Job job) {}
