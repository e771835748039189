package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;
import static io.jobvault.server.dashboard.Html.query;

import io.jobvault.JobFilter;
import io.jobvault.JobState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The Jobs page's filter as the browser sends it (query parameters of {@code /jobs}, or the same names as form fields
 * of a bulk action), read one way for listing and for acting: a tenant-bound sign-in's filter is always its own
 * tenant, whatever the tenant field says.
 *
 * @param values the filters as sent (stripped, cut to {@link #MAX_VALUE}), in form order; the pager and bulk links keep them
 * @param filter what they select; not to be used when {@code error} is set
 * @param error  what is wrong with them, for the page; null when they are all right
 */
record JobFilterForm(Map<String, String> values, JobFilter filter, String error) {
    /** The filters the form sends and the pager keeps; times are UTC. */
    static final String[] NAMES = {"state", "type", "queue", "tenant", "label", "created_from", "created_to",
            "finished_from", "finished_to"};
    /** Longer filter values match nothing real; they are cut rather than sent to the store. */
    static final int MAX_VALUE = 255;

    /** Reads the filters through {@code source} (a query or form parameter by name, null when absent). */
    static JobFilterForm read(Function<String, String> source, String boundTenant) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            String v = clean(source.apply(name));
            if (v != null) values.put(name, v);
        }
        if (boundTenant != null) values.put("tenant", boundTenant);
        String error = null;
        JobFilter filter = JobFilter.ALL;
        if (values.containsKey("state")) {
            try {
                filter = filter.withState(JobState.fromDbName(values.get("state")));
            } catch (IllegalArgumentException e) {
                error = "'" + values.get("state") + "' is not a state.";
            }
        }
        if (values.containsKey("type")) filter = filter.withType(values.get("type"));
        if (values.containsKey("queue")) filter = filter.withQueue(values.get("queue"));
        if (values.containsKey("tenant")) filter = filter.withTenant(values.get("tenant"));
        if (values.containsKey("label")) {
            try {
                filter = filter.withLabel(JobFilter.Label.parse(values.get("label")));
            } catch (IllegalArgumentException e) {
                error = "A label filter is key=value, such as team=billing.";
            }
        }
        try {
            filter = filter.withCreated(time(values.get("created_from")), time(values.get("created_to")))
                    .withFinished(time(values.get("finished_from")), time(values.get("finished_to")));
        } catch (DateTimeParseException e) {
            error = "Times are UTC, as 2026-12-07T14:30 (seconds optional).";
        }
        return new JobFilterForm(values, filter, error);
    }

    /** {@code ?state=dead&queue=mail} (empty without filters), then {@code extra} pairs such as the cursor. */
    String queryString(String... extra) {
        StringBuilder q = new StringBuilder();
        values.forEach((k, v) -> q.append(q.isEmpty() ? '?' : '&').append(k).append('=').append(query(v)));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            if (extra[i + 1] != null) q.append(q.isEmpty() ? '?' : '&').append(extra[i]).append('=').append(query(extra[i + 1]));
        }
        return q.toString();
    }

    /** The filters as hidden form fields, so a form acts on exactly what the page showed. */
    String hiddenFields() {
        StringBuilder h = new StringBuilder();
        values.forEach((k, v) -> h.append("<input type=\"hidden\" name=\"").append(k).append("\" value=\"").append(esc(v)).append("\">"));
        return h.toString();
    }

    /** The filters in words ({@code state = dead, queue = mail}), escaped; "every job" without any. */
    String describe() {
        if (values.isEmpty()) return "every job";
        StringBuilder h = new StringBuilder();
        values.forEach((k, v) -> h.append(h.isEmpty() ? "" : ", ").append(k.replace('_', ' ')).append(" = <code>").append(esc(v)).append("</code>"));
        return h.toString();
    }

    /** A non-blank value, stripped and cut to {@link #MAX_VALUE} characters; else null. */
    static String clean(String v) {
        if (v == null || v.isBlank()) return null;
        v = v.strip();
        return v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v;
    }

    /** A datetime-local value (or a full ISO instant), read as UTC; null for none. */
    private static Instant time(String value) {
        if (value == null) return null;
        if (value.endsWith("Z")) return Instant.parse(value);
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }
}
