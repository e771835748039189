package io.jobvault.engine;

import io.jobvault.Job;
import org.slf4j.MDC;

/**
 * Puts the job id, type and attempt into SLF4J's MDC while a handler runs, so every line it logs can be traced to its
 * job. The keys are public and stable: log patterns and log shippers name them.
 */
public final class RunMdc implements AutoCloseable {
    public static final String JOB_ID = "jobvault.jobId";
    public static final String JOB_TYPE = "jobvault.jobType";
    /** The attempt as users count it: 1 on the first run (see {@link Job#attemptsUsed()}). */
    public static final String ATTEMPT = "jobvault.attempt";

    private RunMdc() {}

    static RunMdc put(Job job) {
        MDC.put(JOB_ID, job.id().toString());
        MDC.put(JOB_TYPE, job.type());
        MDC.put(ATTEMPT, Integer.toString(job.attemptsUsed()));
        return new RunMdc();
    }

    @Override
    public void close() {
        MDC.remove(JOB_ID);
        MDC.remove(JOB_TYPE);
        MDC.remove(ATTEMPT);
    }
}
