package io.jobvault.spring;

import io.jobvault.JobvaultBuilder;

/**
 * Sets on the builder what the properties do not cover (schedules, alert sinks, a mapper, listeners…); every bean of
 * this type is applied, in order, after the properties and before the node starts.
 */
@FunctionalInterface
public interface JobvaultBuilderCustomizer {
    void customize(JobvaultBuilder builder);
}
