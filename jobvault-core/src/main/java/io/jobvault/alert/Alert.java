package io.jobvault.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * An alert as recorded: raised once for its condition, then resolved when the condition clears.
 *
 * @param id         assigned by the store
 * @param resolvedAt null while open
 */
public record Alert(long id, String key, String rule, Severity severity, String title, String message, String hint,
                    Map<String, String> context, Instant raisedAt, Instant resolvedAt) {
    public Alert {
        context = Map.copyOf(context);
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
