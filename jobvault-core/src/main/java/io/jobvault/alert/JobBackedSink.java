package io.jobvault.alert;

import io.jobvault.JobRequest;
import java.util.function.Consumer;

/**
 * A sink that delivers through jobs (so delivery is durable and retried): the node binds it to its submit before any
 * alert is delivered. Register the sink's job handler with the builder too.
 */
public interface JobBackedSink extends AlertSink {
    /** The queue of alert deliveries, apart from user jobs; every node with such a sink runs it. */
    String QUEUE = "jobvault.alerts";

    void bind(Consumer<JobRequest> submit);
}
