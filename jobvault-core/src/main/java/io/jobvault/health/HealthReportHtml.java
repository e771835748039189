package io.jobvault.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A health report's JSON ({@link HealthReportJson}) as a small HTML document for the report e-mail: inline styles only
 * (mail clients drop style sheets), every value escaped.
 */
public final class HealthReportHtml {
    private static final String CELL = " style=\"padding:2px 10px;border-bottom:1px solid #ddd;text-align:left\"";

    private HealthReportHtml() {}

    public static String of(JsonNode r) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Jobvault health report</title></head>\n")
                .append("<body style=\"font-family:sans-serif;font-size:14px;color:#222\">\n")
                .append("<h2>Jobvault health report</h2>\n<p>").append(esc(r.get("from").asText())).append(" to ")
                .append(esc(r.get("to").asText())).append("</p>\n");
        JsonNode findings = r.path("findings");
        if (findings.isEmpty()) {
            h.append("<p style=\"color:#1a7f37\"><b>Nothing needs attention.</b></p>\n");
        } else {
            h.append("<h3 style=\"color:#b00020\">Needs attention</h3>\n<ul>\n");
            for (JsonNode f : findings) {
                h.append("<li><b>").append(esc(f.get("title").asText())).append("</b><br>").append(esc(f.get("message").asText()))
                        .append("<br><i>What to do:</i> ").append(esc(f.get("hint").asText())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("<h3>Schedules</h3>\n");
        if (r.get("schedules").isEmpty()) {
            h.append("<p>(none)</p>\n");
        } else {
            h.append("<table style=\"border-collapse:collapse\">\n");
            row(h, true, "schedule", "fires (recorded / expected)", "missed (run late)", "skipped", "overdue",
                    "keys (succeeded / expected)", "missing");
            for (JsonNode s : r.get("schedules")) {
                StringBuilder missing = new StringBuilder();
                for (JsonNode m : s.get("missingKeys")) {
                    if (!missing.isEmpty()) missing.append(", ");
                    missing.append(HealthReportText.keyName(m)).append(" (").append(m.get("state").asText()).append(", fire ")
                            .append(m.get("fireAt").asText()).append(')');
                }
                row(h, false, s.get("id").asText() + (s.get("paused").asBoolean() ? " (paused)" : ""),
                        s.get("recordedFires").asInt() + " / " + s.get("expectedFires").asInt(),
                        s.get("missedFires").asInt() + " (" + s.path("ranLateFires").asInt() + ")", s.get("skippedFires").asText(),
                        s.get("overdueFires").asText(), s.get("succeededKeys").asInt() + " / " + s.get("expectedKeys").asInt(),
                        missing.toString());
            }
            h.append("</table>\n");
        }
        h.append("<h3>Job types</h3>\n<p>Jobs created in the period that finished.</p>\n");
        if (!r.get("types").isEmpty()) {
            h.append("<table style=\"border-collapse:collapse\">\n");
            row(h, true, "type", "succeeded", "ok", "dead", "cancelled");
            for (JsonNode t : r.get("types")) {
                row(h, false, t.get("type").asText(), String.format(Locale.ROOT, "%.1f%%", t.get("successRate").asDouble() * 100),
                        t.get("succeeded").asText(), t.get("dead").asText(), t.get("cancelled").asText());
            }
            h.append("</table>\n");
        }
        JsonNode rec = r.get("recovery");
        h.append("<h3>Recovery, stuck jobs, latency</h3>\n<ul>\n<li>").append(rec.get("recovered").asLong())
                .append(" job(s) failed then succeeded");
        if (rec.has("meanSeconds")) h.append(String.format(Locale.ROOT, ", mean time to recovery %.1f s", rec.get("meanSeconds").asDouble()));
        h.append("</li>\n<li>Stuck jobs: ").append(r.get("stuckJobs").size()).append("</li>\n<li>")
                .append(esc(HealthReportText.latency("Queue latency", r.get("queueLatency")))).append("</li>\n<li>")
                .append(esc(HealthReportText.latency("Store latency", r.get("storeLatency")))).append("</li>\n</ul>\n");
        h.append("<h3>Recommendations</h3>\n<ul>\n");
        for (JsonNode a : r.get("recommendations")) h.append("<li>").append(esc(a.asText())).append("</li>\n");
        return h.append("</ul>\n</body></html>\n").toString();
    }

    private static void row(StringBuilder h, boolean head, String... cells) {
        String tag = head ? "th" : "td";
        h.append("<tr>");
        for (String c : cells) h.append('<').append(tag).append(CELL).append('>').append(esc(c)).append("</").append(tag).append('>');
        h.append("</tr>\n");
    }

    /** Escapes text for HTML element content and quoted attributes. */
    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
