package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code /health-report}: what {@code GET /v1/health} reports, for people — first what needs a look (the store
 * cannot write, this node lost its node id, its clock is off, artifact files are missing, pruning is behind), then
 * the figures: store latency, clock, queues' unfinished jobs, success rates, running jobs per node. Read as the API
 * reads it, except that no read counts jobs (see {@code AdminHealthApi#snapshot}); then the newest daily report
 * ({@link DailyReport}) with its Re-run buttons. Like the API it needs an admin
 * sign-in bound to no tenant. (Not {@code /health}: that is the load balancers' readiness probe.)
 */
final class HealthPage {
    static final String PATH = "/health-report";
    /** Pruning this far behind is worth a look: finished jobs pile up past their retention. */
    static final Duration PRUNING_BEHIND = Duration.ofHours(1);

    private final Supplier<ObjectNode> health;
    private final DailyReport report;

    HealthPage(Supplier<ObjectNode> health, DailyReport report) {
        this.health = health;
        this.report = report;
    }

    void show(Context ctx, Session session) {
        if (!session.can(Scope.ADMIN) || session.caller().tenant() != null) {
            Layout.page(ctx, session, 403, "Health", "health", "<p id=\"health-forbidden\">The health report covers the whole"
                    + " store, every tenant's jobs: it needs an admin sign-in bound to no tenant, as <code>GET /v1/health</code> does.</p>");
            return;
        }
        JsonNode r = health.get();
        StringBuilder h = new StringBuilder();
        List<String> concerns = concerns(r);
        if (concerns.isEmpty()) {
            h.append("<p class=\"notice\" id=\"health-status\" role=\"status\">Healthy: the store answers and takes writes, this node holds"
                    + " its id").append("database".equals(r.path("clock").path("liveness").asText()) ? ", its clock agrees with the database's"
                    : "").append(".</p>\n");
        } else {
            h.append("<section aria-labelledby=\"concerns-h\"><h2 id=\"concerns-h\">Needs a look</h2><ul id=\"health-concerns\" class=\"alerts\">");
            concerns.forEach(c -> h.append("<li class=\"error-text\">").append(esc(c)).append("</li>"));
            h.append("</ul></section>\n");
        }
        summary(h, r);
        rates(h, r.path("successRate"));
        queues(h, r.path("queues"));
        byNode(h, r.path("runningByNode"));
        report.append(h, session);
        h.append("<p class=\"muted\">The same figures as JSON: <code>GET /v1/health</code> with an admin token (its success rates"
                + " count jobs created in the window). The scheduled daily report: <code>GET /v1/health/report</code>.</p>\n");
        Layout.page(ctx, session, "Health", "health", h.toString());
    }

    /** Each thing the answer says is wrong, in words. */
    static List<String> concerns(JsonNode r) {
        List<String> out = new ArrayList<>();
        JsonNode store = r.path("store");
        if (!"up".equals(store.path("status").asText())) {
            out.add("The store cannot write" + (store.path("diskFull").asBoolean() ? " (its disk is full)" : "") + ": "
                    + store.path("cause").asText("") + ". Writes resume by themselves once it can.");
        }
        if ("lost".equals(r.path("nodeIdLock").path("status").asText())) {
            out.add("Node " + r.path("node").asText() + " lost its node id at " + r.path("nodeIdLock").path("since").asText()
                    + " (" + r.path("nodeIdLock").path("cause").asText() + "): it claims no jobs until it holds the id again.");
        }
        if (r.path("clock").path("skewed").asBoolean()) {
            out.add("This node's clock is " + seconds(r.path("clock").path("skewSeconds").asDouble())
                    + " off the database's: leases are safe, but run-at times it records are off; synchronise it (NTP).");
        }
        long missing = r.path("artifacts").path("missing").asLong();
        if (missing > 0) out.add(missing + " artifact file(s) are missing from storage: their downloads fail.");
        double lag = r.path("pruning").path("lagSeconds").asDouble();
        if (lag > PRUNING_BEHIND.toSeconds()) out.add("Pruning is " + seconds(lag) + " behind: finished jobs stay past their retention.");
        return out;
    }

    private static void summary(StringBuilder h, JsonNode r) {
        h.append("<dl class=\"facts\" id=\"health-summary\">");
        fact(h, "Version", esc(r.path("version").asText()));
        fact(h, "Answered by", "<span class=\"mono\">" + esc(r.path("node").asText()) + "</span> at "
                + Formats.time(Instant.parse(r.path("time").asText())));
        JsonNode store = r.path("store");
        fact(h, "Store", "<span id=\"health-store\">" + esc(store.path("status").asText()) + "</span>, "
                + esc(String.format(Locale.ROOT, "%.2f ms", store.path("latencyMs").asDouble())) + " to read the counts");
        fact(h, "Node id", esc(r.path("nodeIdLock").path("status").asText()));
        JsonNode clock = r.path("clock");
        fact(h, "Clock", "liveness on the " + esc(clock.path("liveness").asText()) + "'s clock"
                + (clock.path("skewSeconds").isNull() ? "" : ", this node " + esc(seconds(clock.path("skewSeconds").asDouble())) + " off"));
        JsonNode oldest = r.path("oldestAvailableAgeSeconds");
        fact(h, "Oldest available job", oldest.isNull() ? "none waiting" : "waiting " + esc(seconds(oldest.asDouble())));
        fact(h, "Maintenance leader", r.has("maintenanceLeader") ? "<span class=\"mono\">" + esc(r.path("maintenanceLeader").asText()) + "</span>"
                : "<span class=\"error-text\">none</span>");
        fact(h, "Missing artifact files", esc(r.path("artifacts").path("missing").asLong()));
        fact(h, "Pruning lag", esc(seconds(r.path("pruning").path("lagSeconds").asDouble())));
        h.append("</dl>\n");
    }

    private static void rates(StringBuilder h, JsonNode rates) {
        h.append("<section aria-labelledby=\"rates-h\"><h2 id=\"rates-h\">Runs that ended</h2><div class=\"scroll\"><table id=\"health-rates\">")
                .append("<thead><tr><th scope=\"col\">In the last</th><th scope=\"col\" class=\"num\">Succeeded</th><th scope=\"col\" class=\"num\">Dead</th>")
                .append("<th scope=\"col\" class=\"num\">Cancelled</th><th scope=\"col\" class=\"num\">Success rate</th></tr></thead><tbody>");
        rate(h, "hour", rates.path("lastHour"));
        rate(h, "day", rates.path("lastDay"));
        h.append("</tbody></table></div></section>\n");
    }

    private static void rate(StringBuilder h, String window, JsonNode n) {
        h.append("<tr><th scope=\"row\">").append(window).append("</th><td class=\"num\">").append(n.path("succeeded").asLong())
                .append("</td><td class=\"num\">").append(n.path("dead").asLong()).append("</td><td class=\"num\">").append(n.path("cancelled").asLong())
                .append("</td><td class=\"num\">").append(n.path("rate").isNull() ? "—"
                        : esc(String.format(Locale.ROOT, "%.2f %%", n.path("rate").asDouble() * 100))).append("</td></tr>");
    }

    private static void queues(StringBuilder h, JsonNode queues) {
        h.append("<section aria-labelledby=\"hq-h\"><h2 id=\"hq-h\">Unfinished jobs by queue</h2>\n");
        if (queues.isEmpty()) {
            h.append("<p id=\"health-no-queues\">None.</p></section>\n");
            return;
        }
        String[] states = {"scheduled", "available", "running", "retrying"};
        h.append("<div class=\"scroll\"><table id=\"health-queues\"><thead><tr><th scope=\"col\">Queue</th>");
        for (String s : states) h.append("<th scope=\"col\" class=\"num\">").append(s).append("</th>");
        h.append("<th scope=\"col\"></th></tr></thead><tbody>");
        queues.properties().forEach(e -> {
            h.append("<tr><th scope=\"row\" class=\"mono\">").append(esc(e.getKey())).append("</th>");
            for (String s : states) h.append("<td class=\"num\">").append(e.getValue().path(s).asLong()).append("</td>");
            h.append("<td>").append(e.getValue().path("paused").asBoolean() ? "<span class=\"badge\">paused</span>" : "").append("</td></tr>");
        });
        h.append("</tbody></table></div></section>\n");
    }

    private static void byNode(StringBuilder h, JsonNode byNode) {
        h.append("<section aria-labelledby=\"hn-h\"><h2 id=\"hn-h\">Running jobs per node</h2>\n");
        if (byNode.isEmpty()) {
            h.append("<p id=\"health-no-running\">No job is running.</p></section>\n");
            return;
        }
        Map<String, Long> sorted = new TreeMap<>();
        byNode.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asLong()));
        h.append("<ul id=\"health-running\">");
        sorted.forEach((node, n) -> h.append("<li><span class=\"mono\">").append(esc(node)).append("</span>: ").append(n).append("</li>"));
        h.append("</ul></section>\n");
    }

    private static void fact(StringBuilder h, String name, String valueHtml) {
        h.append("<div><dt>").append(esc(name)).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }

    /** 0.4 s, 12.0 s, 5.0 min, 3.2 h. */
    static String seconds(double s) {
        double a = Math.abs(s);
        if (a < 120) return String.format(Locale.ROOT, "%.1f s", s);
        if (a < 7200) return String.format(Locale.ROOT, "%.1f min", s / 60);
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
