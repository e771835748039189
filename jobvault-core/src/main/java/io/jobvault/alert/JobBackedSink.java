package io.jobvault.alert;

import io.jobvault.JobRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A sink that delivers through jobs (so delivery is durable and retried): the node binds it to its submit before any
 * alert is delivered. Register the sink's job handler with the builder too.
 */
public interface JobBackedSink extends AlertSink {
    /** The queue of alert deliveries, apart from user jobs; every node with such a sink runs it. */
    String QUEUE = "jobvault.alerts";

    void bind(Consumer<JobRequest> submit);

    /**
     * The idempotency key of one delivery: a sink that tries an alert again (its first submit failed, or committed
     * but the answer was lost) enqueues it once. Keyed by sink, alert key, raise time and status (raised or resolved).
     */
    static String deliveryKey(String sink, Alert alert) {
        return bounded("jobvault.alert:", sink + ":" + alert.key() + "@" + alert.raisedAt().toEpochMilli() + ":"
                + (alert.open() ? "raised" : "resolved"));
    }

    /** The idempotency key of one report's delivery by one sink: a report built twice is delivered once. */
    static String deliveryKey(String sink, Report report) {
        return bounded("jobvault.report:", sink + ":" + report.id());
    }

    private static String bounded(String prefix, String key) {
        String full = prefix + key;
        if (full.length() <= 255) return full;
        try { // a long key: a digest keeps it within the idempotency key's 255 characters
            byte[] d = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
