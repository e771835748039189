package io.jobvault.alert;

/**
 * Where alerts go: the log, a webhook, email. Called on the maintenance leader when an alert is raised and when it
 * is resolved, and on every node for its own {@code store.unreachable}; a sink that talks to the network should be a
 * {@link JobBackedSink} rather than block (delivery then retries, and goes out directly while the store is away).
 */
public interface AlertSink {
    void deliver(Alert alert);

    /**
     * Delivers a report (the scheduled health report), from the job that built it; a sink that talks to the network
     * enqueues a job keyed by the report's id. Sinks that do not override this ignore reports.
     */
    default void deliverReport(Report report) {}
}
