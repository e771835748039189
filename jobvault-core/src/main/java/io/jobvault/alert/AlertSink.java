package io.jobvault.alert;

/**
 * Where alerts go: the log, a webhook, email. Called on the maintenance leader when an alert is raised and when it
 * is resolved; a sink that talks to the network should enqueue a job rather than block (delivery then retries).
 */
public interface AlertSink {
    void deliver(Alert alert);

    /**
     * Delivers a report (the scheduled health report), from the job that built it; a sink that talks to the network
     * enqueues a job keyed by the report's id. Sinks that do not override this ignore reports.
     */
    default void deliverReport(Report report) {}
}
