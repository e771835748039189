package io.jobvault.alert;

import io.jobvault.store.AlertStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * An operator's "seen, on it" for an open alert: who and when are kept on it, and it stays open until its condition
 * clears. Acknowledging again keeps the first acknowledgement.
 */
public final class Acknowledgements {
    private Acknowledgements() {}

    /**
     * Acknowledges open alert {@code id} as {@code by}; returns it as it then stands.
     *
     * @throws NoSuchAlertException    when there is no such alert (or it was pruned)
     * @throws AlertResolvedException  when it is resolved: there is nothing left to acknowledge
     */
    public static Alert acknowledge(AlertStore store, long id, String by, Instant now) {
        Alert a = store.alertAcknowledge(id, by, now.truncatedTo(ChronoUnit.MILLIS))
                .orElseThrow(() -> new NoSuchAlertException(id));
        if (!a.open()) throw new AlertResolvedException(a);
        return a;
    }

    /** There is no alert with this id. */
    public static final class NoSuchAlertException extends java.util.NoSuchElementException {
        public NoSuchAlertException(long id) {
            super("no alert " + id);
        }
    }

    /** The alert is resolved, so it can no longer be acknowledged. */
    public static final class AlertResolvedException extends io.jobvault.JobvaultException {
        public AlertResolvedException(Alert a) {
            super("alert " + a.id() + " was resolved at " + a.resolvedAt() + "; only open alerts can be acknowledged");
        }
    }
}
