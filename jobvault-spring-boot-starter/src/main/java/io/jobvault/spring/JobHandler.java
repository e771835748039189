package io.jobvault.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method of a bean the handler of a job type. Its parameters, in any order: the {@link io.jobvault.JobContext},
 * and at most one payload, read from the job's JSON with the engine's mapper (a record, a {@code Map}, a
 * {@code JsonNode}…). It returns a {@link io.jobvault.JobOutcome}, any other object as the job's result, or nothing
 * (void or null: success without a result). An exception it throws fails the attempt, as from any handler.
 *
 * <pre>{@code
 * @JobHandler("report.cleanup")
 * void cleanup(Cleanup payload, JobContext context) { ... }
 * }</pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobHandler {
    /** The job type, e.g. {@code "report.pdf"}. */
    String value();
}
