package io.jobvault.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A health report's JSON ({@link HealthReportJson}) as plain text for people: what {@code jobvault health --report}
 * prints, the text part of the report e-mail, and the log line.
 */
public final class HealthReportText {
    private HealthReportText() {}

    public static String of(JsonNode r) {
        StringBuilder out = new StringBuilder();
        line(out, "Jobvault health report, %s to %s%n", r.get("from").asText(), r.get("to").asText());
        JsonNode findings = r.path("findings");
        if (!findings.isEmpty()) {
            out.append("\nNeeds attention\n");
            for (JsonNode f : findings) {
                line(out, "  ! %s%n    %s%n    What to do: %s%n", f.get("title").asText(), f.get("message").asText(), f.get("hint").asText());
            }
        }
        out.append("\nSchedules\n");
        if (r.get("schedules").isEmpty()) out.append("  (none)\n");
        for (JsonNode s : r.get("schedules")) {
            line(out, "  %-28s fires %d/%d expected, %d missed (%d run late), %d skipped, %d overdue; keys %d/%d succeeded%s%n",
                    s.get("id").asText(), s.get("recordedFires").asInt(), s.get("expectedFires").asInt(), s.get("missedFires").asInt(),
                    s.path("ranLateFires").asInt(), s.get("skippedFires").asInt(), s.get("overdueFires").asInt(),
                    s.get("succeededKeys").asInt(), s.get("expectedKeys").asInt(), s.get("paused").asBoolean() ? " (paused)" : "");
            for (JsonNode m : s.get("missingKeys")) {
                line(out, "    missing %-20s fire %s (%s)%n", keyName(m), m.get("fireAt").asText(), m.get("state").asText());
            }
        }
        out.append("\nJob types (jobs created in the period that finished)\n");
        for (JsonNode t : r.get("types")) {
            line(out, "  %-28s %6.1f%% succeeded  (%d ok, %d dead, %d cancelled)%n", t.get("type").asText(),
                    t.get("successRate").asDouble() * 100, t.get("succeeded").asLong(), t.get("dead").asLong(), t.get("cancelled").asLong());
        }
        JsonNode rec = r.get("recovery");
        line(out, "%nRecovery: %d job(s) failed then succeeded%s%n", rec.get("recovered").asLong(),
                rec.has("meanSeconds") ? String.format(Locale.ROOT, ", mean time to recovery %.1f s", rec.get("meanSeconds").asDouble()) : "");
        line(out, "Stuck jobs: %d%n", r.get("stuckJobs").size());
        line(out, "%s%n", latency("Queue latency", r.get("queueLatency")));
        line(out, "%s%n", latency("Store latency", r.get("storeLatency")));
        out.append("\nRecommendations\n");
        for (JsonNode a : r.get("recommendations")) out.append("  - ").append(a.asText()).append('\n');
        return out.toString();
    }

    /** A missing key as shown: the key, or "(run)" for a schedule without fan-out. */
    static String keyName(JsonNode missing) {
        String key = missing.get("key").asText();
        return key.isEmpty() ? "(run)" : key;
    }

    static String latency(String name, JsonNode l) {
        if (l.get("samples").asInt() == 0) return name + ": no samples";
        return String.format(Locale.ROOT, "%s: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (%d samples)", name, l.get("p50Ms").asLong(),
                l.get("p95Ms").asLong(), l.get("p99Ms").asLong(), l.get("maxMs").asLong(), l.get("samples").asInt());
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args));
    }
}
