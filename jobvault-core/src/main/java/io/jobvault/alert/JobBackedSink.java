package io.jobvault.alert;

import io.jobvault.JobContext;
import io.jobvault.JobHandler;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * A sink that delivers through jobs (so delivery is durable and retried): the node binds it before any alert is
 * delivered, and its deliveries are jobs whose handler is the sink itself ({@link #send} on the job's payload). Register
 * the sink as the handler of its job type with the builder too.
 * <p>While the store cannot take a delivery (unreachable, or it cannot write), the node's outbox calls {@link #send}
 * itself, retrying with backoff, and records the delivery as a finished job once the store answers again.
 */
public interface JobBackedSink extends AlertSink, JobHandler {
    /** The queue of alert deliveries, apart from user jobs; every node with such a sink runs it. */
    String QUEUE = "jobvault.alerts";

    /** Where deliveries go: set by the node once it runs; a delivery the store cannot take goes to its outbox. */
    void bind(Consumer<JobRequest> submit);

    /**
     * Delivers one delivery job's payload now, whether as the job's run or straight from the outbox. Success: the
     * receiver took it; discard: it never will (e.g. a receiver no longer configured); retry or a thrown exception:
     * try again later.
     */
    JobOutcome send(String payload) throws Exception;

    @Override
    default JobOutcome handle(JobContext ctx) throws Exception {
        return send(ctx.payload());
    }

    /**
     * The idempotency key of one delivery: a sink that tries an alert again (its first submit failed, or committed
     * but the answer was lost) enqueues it once, and a delivery the outbox sent while the store was away is recorded
     * once. Keyed by sink, alert key, raise time and status (raised or resolved).
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
