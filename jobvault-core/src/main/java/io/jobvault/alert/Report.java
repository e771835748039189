package io.jobvault.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A document every sink delivers in its own form — the log and e-mail its text, e-mail its HTML too, a webhook its
 * JSON — such as the daily health report.
 *
 * @param id    names this report among all others (e.g. {@code health-report@2030-01-01T07:00:00Z}): a sink asked to
 *              deliver the same id again (the job that built it ran twice) delivers it once
 * @param title a one-line summary: the e-mail subject, the log line
 * @param json  the report's JSON, as a webhook receives it
 */
public record Report(String id, String title, String text, String html, ObjectNode json) {
    public Report {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(json, "json");
    }
}
