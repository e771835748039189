package io.jobvault.server;

import io.javalin.http.Context;
import io.jobvault.TimeBounds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Durations and instants in query parameters and JSON bodies, read through {@link TimeBounds} so every endpoint
 * accepts the same forms and range, and a bad one names the field and what it may be (400 in a query, 422 in a body).
 */
final class ApiTime {
    private ApiTime() {}

    /** The query parameter as a duration within {@code min..max}; {@code dflt} when absent. */
    static Duration query(Context ctx, String name, Duration min, Duration max, Duration dflt) {
        String text = ctx.queryParam(name);
        if (text == null) return dflt;
        try {
            return TimeBounds.duration(name, text, min, max);
        } catch (IllegalArgumentException e) {
            throw badParam(name, e.getMessage());
        }
    }

    /** The query parameter as an instant, or null when absent. */
    static Instant queryInstant(Context ctx, String name) {
        String text = ctx.queryParam(name);
        if (text == null) return null;
        try {
            return TimeBounds.instant(name, text);
        } catch (IllegalArgumentException e) {
            throw badParam(name, e.getMessage());
        }
    }

    /** A body field's duration within {@code min..max}; null, with the problem added to {@code errors}, when it is not. */
    static Duration field(String field, String text, Duration min, Duration max, List<String> errors) {
        try {
            return TimeBounds.duration(field, text, min, max);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    /** A body field's instant; null, with the problem added to {@code errors}, when it is not one in range. */
    static Instant instantField(String field, String text, List<String> errors) {
        try {
            return TimeBounds.instant(field, text);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    private static ProblemException badParam(String name, String problem) {
        return Problem.of(400, "bad-parameter", "Bad query parameter", problem, "fix query parameter '" + name
                + "' as the detail says").withErrors(List.of(problem)).exception();
    }
}
