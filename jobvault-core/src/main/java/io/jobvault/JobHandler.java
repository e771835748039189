package io.jobvault;

/**
 * Does the work of one job type. Runs on a virtual thread; may block. Returns one {@link JobOutcome}; a thrown
 * exception is a retryable failure unless its type is registered as permanent for the job type.
 * <p>Handlers run at least once per job: after a crash a job may run again, so make the work idempotent.
 */
@FunctionalInterface
public interface JobHandler {
    JobOutcome handle(JobContext context) throws Exception;
}
