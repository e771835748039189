package io.jobvault.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * An alert as recorded: raised once for its condition, then resolved when the condition clears.
 *
 * @param id         assigned by the store
 * @param resolvedAt     null while open
 * @param acknowledgedBy who acknowledged it (an operator's token, as the audit log names it); null until then
 * @param acknowledgedAt when; an acknowledged alert stays open until its condition clears
 */
public record Alert(long id, String key, String rule, Severity severity, String title, String message, String hint,
                    Map<String, String> context, Instant raisedAt, Instant resolvedAt, String acknowledgedBy,
                    Instant acknowledgedAt) {
    public Alert {
        context = Map.copyOf(context);
    }

    /** An alert no one has acknowledged. */
    public Alert(long id, String key, String rule, Severity severity, String title, String message, String hint,
                 Map<String, String> context, Instant raisedAt, Instant resolvedAt) {
        this(id, key, rule, severity, title, message, hint, context, raisedAt, resolvedAt, null, null);
    }

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }

    public boolean open() {
        return resolvedAt == null;
    }

    /** Raised at {@code now}, to the store's precision (milliseconds): as told before it is stored and as read back. */
    static Alert raise(AlertCondition c, Instant now) {
        return new Alert(0, c.key(), c.rule(), c.severity(), c.title(), c.message(), c.hint(), c.context(),
                now.truncatedTo(ChronoUnit.MILLIS), null);
    }
}
