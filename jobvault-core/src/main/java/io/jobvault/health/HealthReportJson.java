package io.jobvault.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.alert.AlertCondition;
import io.jobvault.alert.Severity;
import io.jobvault.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a health report: what {@code GET /v1/health/report} answers, a webhook receives, and the text and HTML
 * renderings are made from.
 */
public final class HealthReportJson {
    private HealthReportJson() {}

    public static ObjectNode of(HealthReport r) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("from", r.from().toString()).put("to", r.to().toString());
        ArrayNode schedules = o.putArray("schedules");
        for (HealthReport.ScheduleCoverage s : r.schedules()) {
            ObjectNode j = schedules.addObject().put("id", s.id()).put("paused", s.paused()).put("expectedFires", s.expectedFires())
                    .put("recordedFires", s.recordedFires()).put("missedFires", s.missedFires())
                    .put("ranLateFires", s.ranLateFires()).put("skippedFires", s.skippedFires())
                    .put("overdueFires", s.overdueFires()).put("expectedKeys", s.expectedKeys()).put("succeededKeys", s.succeededKeys());
            ArrayNode missing = j.putArray("missingKeys");
            s.missingKeys().forEach(m -> missing.addObject().put("key", m.key()).put("fireAt", m.fireAt().toString()).put("state", m.state()));
        }
        ArrayNode types = o.putArray("types");
        for (HealthReport.TypeOutcomes t : r.types()) {
            types.addObject().put("type", t.type()).put("succeeded", t.succeeded()).put("dead", t.dead())
                    .put("cancelled", t.cancelled()).put("successRate", Math.round(t.successRate() * 10_000) / 10_000.0);
        }
        ObjectNode rec = o.putObject("recovery").put("recovered", r.recovery().recovered());
        if (r.recovery().mean() != null) rec.put("meanSeconds", r.recovery().mean().toMillis() / 1000.0);
        ArrayNode stuck = o.putArray("stuckJobs");
        r.stuckJobs().forEach(stuck::add);
        latency(o.putObject("queueLatency"), r.queueLatency());
        latency(o.putObject("storeLatency"), r.storeLatency());
        ArrayNode advice = o.putArray("recommendations");
        r.recommendations().forEach(advice::add);
        o.set("findings", findings(r.findings()));
        return o;
    }

    /** Findings as JSON: each with its alert key, rule, severity, title, message, hint and context. */
    public static ArrayNode findings(List<AlertCondition> findings) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (AlertCondition c : findings) {
            ObjectNode f = out.addObject().put("key", c.key()).put("rule", c.rule()).put("severity", c.severity().name())
                    .put("title", c.title()).put("message", c.message()).put("hint", c.hint());
            ObjectNode ctx = f.putObject("context");
            c.context().forEach(ctx::put);
        }
        return out;
    }

    /**
     * Reads findings back from {@link #findings}' JSON.
     *
     * @throws IllegalArgumentException when an entry is not a finding
     */
    public static List<AlertCondition> readFindings(JsonNode array) {
        if (array == null || !array.isArray()) throw new IllegalArgumentException("findings must be a JSON array");
        List<AlertCondition> out = new ArrayList<>();
        for (JsonNode f : array) {
            Map<String, String> ctx = new LinkedHashMap<>();
            f.path("context").fields().forEachRemaining(e -> ctx.put(e.getKey(), e.getValue().asText()));
            for (String field : List.of("key", "rule", "severity", "title", "message", "hint")) {
                if (!f.path(field).isTextual()) throw new IllegalArgumentException("a finding has no " + field);
            }
            out.add(new AlertCondition(f.get("key").asText(), f.get("rule").asText(), Severity.valueOf(f.get("severity").asText()),
                    f.get("title").asText(), f.get("message").asText(), f.get("hint").asText(), ctx));
        }
        return out;
    }

    private static void latency(ObjectNode o, HealthReport.Latency l) {
        o.put("samples", l.samples());
        if (l.samples() == 0) return;
        o.put("p50Ms", l.p50().toMillis()).put("p95Ms", l.p95().toMillis()).put("p99Ms", l.p99().toMillis()).put("maxMs", l.max().toMillis());
    }
}
