package io.jobvault.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.health.HealthReport;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Scope;
import java.time.Duration;

/** {@code GET /v1/health/report?period=24h} (scope admin): the health report as JSON. */
final class HealthReportApi {
    private final Jobvault jobvault;

    HealthReportApi(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void report(Context ctx) {
        Authenticator.requireUntenanted(ctx, Scope.ADMIN, "health reports");
        Duration period = Duration.ofHours(24);
        if (ctx.queryParam("period") != null) {
            period = ApiDurations.parse(ctx.queryParam("period"));
            if (period == null || period.isZero() || period.isNegative() || period.compareTo(Duration.ofDays(90)) > 0) {
                throw JobsApi.badParam("period", "a duration up to 90d, such as 24h");
            }
        }
        JobsApi.json(ctx, json(jobvault.healthReport(period)));
    }

    static ObjectNode json(HealthReport r) {
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
        return o;
    }

    private static void latency(ObjectNode o, HealthReport.Latency l) {
        o.put("samples", l.samples());
        if (l.samples() == 0) return;
        o.put("p50Ms", l.p50().toMillis()).put("p95Ms", l.p95().toMillis()).put("p99Ms", l.p99().toMillis()).put("maxMs", l.max().toMillis());
    }
}
