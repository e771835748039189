package io.jobvault.alert;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every configured sink; one that fails is logged and does not stop the others. A sink that failed is tried again
 * with that alert on the owner's next ticks ({@link #retryFailed}). Job-backed sinks do not fail for want of the
 * store (their node's {@link DeliveryOutbox} takes what the store cannot); this is for sinks that fail otherwise.
 */
final class Sinks implements AlertSink {
    private static final Logger log = LoggerFactory.getLogger(Sinks.class);
    /** Tries per sink and alert, the first included; at one tick every few seconds, about a minute of store trouble. */
    static final int MAX_TRIES = 12;
    /** Failed deliveries kept for another try; past this the oldest is dropped (logged), so memory stays bounded. */
    static final int MAX_FAILED = 1000;

    private record Failed(Alert alert, AlertSink sink, int tries) {}

    private final List<AlertSink> all;
    private final Deque<Failed> failed = new ArrayDeque<>();

    Sinks(List<AlertSink> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public synchronized void deliver(Alert alert) {
        for (AlertSink s : all) attempt(new Failed(alert, s, 0));
    }

    /** Tries once more each delivery that failed before; call it on each tick of the task that owns these sinks. */
    synchronized void retryFailed() {
        List<Failed> again = new ArrayList<>(failed);
        failed.clear();
        for (Failed f : again) attempt(f);
    }

    synchronized int failedCount() {
        return failed.size();
    }

    private void attempt(Failed d) {
        try {
            d.sink.deliver(d.alert);
        } catch (RuntimeException e) {
            int tries = d.tries + 1;
            String sink = d.sink.getClass().getSimpleName();
            if (tries >= MAX_TRIES) {
                log.error("alert sink {} could not take alert {} after {} tries; giving up: {}", sink, d.alert.key(), tries, e.toString());
                return;
            }
            log.warn("alert sink {} could not take alert {} (try {} of {}): {}", sink, d.alert.key(), tries, MAX_TRIES, e.toString());
            if (failed.size() >= MAX_FAILED) {
                Failed dropped = failed.removeFirst();
                log.error("alert sink {} dropped alert {}: over {} deliveries wait for another try",
                        dropped.sink.getClass().getSimpleName(), dropped.alert.key(), MAX_FAILED);
            }
            failed.addLast(new Failed(d.alert, d.sink, tries));
        }
    }
}
