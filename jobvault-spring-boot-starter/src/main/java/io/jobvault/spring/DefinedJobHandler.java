package io.jobvault.spring;

import io.jobvault.JobDefinition;
import io.jobvault.TypedJobHandler;

/**
 * A {@link TypedJobHandler} that names its {@link JobDefinition}, so that as a bean it registers itself: every bean of
 * this type in the context is passed to {@link io.jobvault.JobvaultBuilder#handler(JobDefinition, TypedJobHandler)}.
 *
 * <pre>{@code
 * @Component
 * class ReportHandler implements DefinedJobHandler<Report, ReportResult> {
 *     public JobDefinition<Report, ReportResult> definition() { return Reports.REPORT; }
 *     public JobOutcome handle(Report report, JobContext context) { ... }
 * }
 * }</pre>
 */
public interface DefinedJobHandler<P, R> extends TypedJobHandler<P, R> {
    JobDefinition<P, R> definition();
}
