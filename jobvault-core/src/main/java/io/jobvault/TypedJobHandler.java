package io.jobvault;

/**
 * Does the work of the jobs of one {@link JobDefinition}: receives the payload already mapped onto its class and
 * returns an outcome, usually {@code JobOutcome.success(result)} with a result of the definition's result class.
 * Registered with {@link JobvaultBuilder#handler(JobDefinition, TypedJobHandler)}. The same rules as
 * {@link JobHandler}: runs on a virtual thread, at least once per job, so make the work idempotent.
 *
 * @param <P> the payload class
 * @param <R> the result class
 */
@FunctionalInterface
public interface TypedJobHandler<P, R> {
    JobOutcome handle(P payload, JobContext context) throws Exception;
}
