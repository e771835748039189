package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;
import static io.jobvault.server.dashboard.Html.query;

import io.javalin.http.Context;
import io.jobvault.FinishedRuns;
import io.jobvault.JobCount;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /}: jobs by queue and state, exact, from the counters {@code GET /v1/stats} reads (kept in the transaction of
 * every change, so a page load never counts jobs); throughput and failure rate over the last hour and day from the
 * per-minute figures the engine keeps; each queue's latency and pause, schedules missing their run, open alerts and
 * running jobs per node. All of it is held by the node ({@link #FRESH_FOR}, the charts' figures {@link #RUNS_FRESH_FOR}),
 * so reloads, live updates and many open tabs cost the store one read. The page's content is a live region (see
 * {@link LiveStream}). A tenant-bound sign-in sees its own tenant's counts and throughput only: the rest spans tenants.
 */
final class OverviewPage {
    static final Duration FRESH_FOR = Duration.ofSeconds(3);
    /** The day's per-minute figures are the largest read; a point of the charts is a minute, so 15 s is fresh enough. */
    static final Duration RUNS_FRESH_FOR = Duration.ofSeconds(15);
    /** Open alerts of these rules are schedules that missed their run: fires not run in time, keys not done. */
    static final Set<String> MISSED_RUN_RULES = Set.of("schedule.missed", "schedule.overdue", "health.missed-fires", "health.missed-keys");

    /** What spans tenants: paused queues, each queue's oldest available job, running jobs per node, alerts. */
    private record Cluster(List<JobCount> counts, Map<String, Instant> paused, Map<String, Instant> oldestAvailable,
                           Map<String, Long> runningByNode, List<Alert> openAlerts) {}

    private final Jobvault jobvault;
    private final Fresh<Cluster> cluster;
    private final Fresh<List<FinishedRuns>> runs;
    /** A tenant's own figures, held as the cluster's are (one entry per tenant a token is bound to). */
    private final Map<String, Fresh<TenantFigures>> tenants = new ConcurrentHashMap<>();

    private record TenantFigures(List<JobCount> counts, List<FinishedRuns> runs) {}

    OverviewPage(Jobvault jobvault, JobStore store) {
        this.jobvault = jobvault;
        this.cluster = new Fresh<>(FRESH_FOR, () -> new Cluster(jobvault.counts(null), store.queuesPaused(),
                store.jobsOldestAvailableByQueue(), store.jobsRunningByNode(), jobvault.alerts(jobvault.clock().instant()
                        .minus(Duration.ofDays(1)), 200).stream().filter(Alert::open).toList()));
        this.runs = new Fresh<>(RUNS_FRESH_FOR, () -> jobvault.throughput(ThroughputCharts.since(jobvault.clock().instant()), null));
    }

    private Fresh<TenantFigures> tenantFigures(String tenant) {
        return new Fresh<>(FRESH_FOR, () -> new TenantFigures(jobvault.counts(tenant),
                jobvault.throughput(ThroughputCharts.since(jobvault.clock().instant()), tenant)));
    }

    void show(Context ctx, Session session) {
        Layout.page(ctx, session, "Overview", "overview",
                ThroughputCharts.ASSETS + LiveStream.region("overview-live", "/live/overview", live(ctx, session)));
    }

    /** The whole page's content, as a live region. */
    LiveStream.Region live(Context ctx, Session session) {
        StringBuilder h = new StringBuilder();
        String tenant = session.caller().tenant();
        Instant now = jobvault.clock().instant();
        if (tenant != null) {
            TenantFigures t = tenants.computeIfAbsent(tenant, this::tenantFigures).get();
            counts(h, byQueue(t.counts()), null, now);
            ThroughputCharts.render(h, t.runs(), now);
            h.append("<p id=\"tenant-note\">This sign-in is bound to tenant <strong>").append(esc(tenant))
                    .append("</strong>: the counts and throughput are its own. Alerts, schedules, nodes and queue latency span tenants, so they are not shown here.</p>");
            return LiveStream.Region.of(h.toString());
        }
        Cluster c = cluster.get();
        Map<String, Map<JobState, Long>> byQueue = byQueue(c.counts());
        c.paused().keySet().forEach(q -> byQueue.putIfAbsent(q, Map.of())); // a paused queue shows, even empty
        counts(h, byQueue, c, now);
        ThroughputCharts.render(h, runs.get(), now);
        missedRuns(h, c.openAlerts());
        alerts(h, c.openAlerts());
        nodes(h, c.runningByNode());
        return LiveStream.Region.of(h.toString());
    }

    private static Map<String, Map<JobState, Long>> byQueue(List<JobCount> counts) {
        Map<String, Map<JobState, Long>> byQueue = new TreeMap<>();
        for (JobCount c : counts) {
            byQueue.computeIfAbsent(c.queue(), q -> new EnumMap<>(JobState.class)).merge(c.state(), c.count(), Long::sum);
        }
        return byQueue;
    }

    /** Jobs by queue and state, with each queue's latency and pause when {@code c} is given (an untenanted sign-in). */
    private static void counts(StringBuilder h, Map<String, Map<JobState, Long>> byQueue, Cluster c, Instant now) {
        JobState[] states = JobState.values();
        h.append("<section aria-labelledby=\"counts-h\"><h2 id=\"counts-h\">Jobs by queue and state</h2>\n");
        long[] totals = new long[states.length];
        h.append("<div class=\"scroll\"><table id=\"counts\"><thead><tr><th scope=\"col\">Queue</th>");
        for (JobState s : states) h.append("<th scope=\"col\" class=\"num\">").append(s.dbName()).append("</th>");
        if (c != null) h.append("<th scope=\"col\" class=\"num\" title=\"how long the oldest available job has waited\">latency</th>");
        h.append("</tr></thead><tbody>");
        for (var e : byQueue.entrySet()) {
            String queue = e.getKey();
            h.append("<tr><th scope=\"row\"><a href=\"/jobs?queue=").append(esc(query(queue))).append("\">").append(esc(queue)).append("</a>");
            if (c != null && c.paused().containsKey(queue)) {
                h.append(" <span class=\"badge\" id=\"paused-").append(esc(queue)).append("\">paused</span>");
            }
            h.append("</th>");
            for (int i = 0; i < states.length; i++) {
                long n = e.getValue().getOrDefault(states[i], 0L);
                totals[i] += n;
                h.append("<td class=\"num\"><a href=\"/jobs?queue=").append(esc(query(queue))).append("&amp;state=")
                        .append(states[i].dbName()).append("\">").append(n).append("</a></td>");
            }
            if (c != null) {
                Instant oldest = c.oldestAvailable().get(queue);
                h.append("<td class=\"num\">").append(oldest == null || oldest.isAfter(now) ? "—" : latency(Duration.between(oldest, now)))
                        .append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody><tfoot><tr><th scope=\"row\">All queues</th>");
        for (int i = 0; i < states.length; i++) {
            h.append("<td class=\"num\" id=\"total-").append(states[i].dbName()).append("\"><a href=\"/jobs?state=")
                    .append(states[i].dbName()).append("\">").append(totals[i]).append("</a></td>");
        }
        h.append(c != null ? "<td></td>" : "").append("</tr></tfoot></table></div></section>\n");
    }

    /** 850 ms, 12 s, 4 min, 3 h: enough to see a queue falling behind. */
    static String latency(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 120_000) return ms / 1000 + " s";
        if (ms < 7_200_000) return ms / 60_000 + " min";
        return ms / 3_600_000 + " h";
    }

    /** Schedules with an open alert for a fire not run in time or keys not done, each linked to its page. */
    private static void missedRuns(StringBuilder h, List<Alert> open) {
        Map<String, Alert> bySchedule = new TreeMap<>();
        for (Alert a : open) {
            String schedule = a.context().get("schedule");
            if (schedule != null && MISSED_RUN_RULES.contains(a.rule())) bySchedule.putIfAbsent(schedule, a);
        }
        h.append("<section aria-labelledby=\"missed-h\"><h2 id=\"missed-h\">Schedules missing their run</h2>\n");
        if (bySchedule.isEmpty()) {
            h.append("<p id=\"no-missed-runs\">None.</p></section>\n");
            return;
        }
        h.append("<ul id=\"missed-runs\" class=\"alerts\">");
        bySchedule.forEach((schedule, a) -> h.append("<li id=\"missed-").append(esc(schedule)).append("\"><a href=\"/schedules/")
                .append(esc(query(schedule))).append("\" class=\"mono\">").append(esc(schedule)).append("</a> <span class=\"muted\">")
                .append(esc(a.rule())).append(", since ").append(Formats.time(a.raisedAt())).append("</span><br>").append(esc(a.title()))
                .append("</li>"));
        h.append("</ul></section>\n");
    }

    private static void alerts(StringBuilder h, List<Alert> open) {
        h.append("<section aria-labelledby=\"alerts-h\"><h2 id=\"alerts-h\">Open alerts</h2>\n")
                .append("<p class=\"small\"><a href=\"/alerts\" id=\"all-alerts\">All alerts, open and resolved</a></p>\n");
        if (open.isEmpty()) {
            h.append("<p id=\"no-alerts\">None.</p></section>\n");
            return;
        }
        h.append("<ul id=\"open-alerts\" class=\"alerts\">");
        for (Alert a : open) {
            h.append("<li class=\"alert sev-").append(esc(a.severity().name().toLowerCase(java.util.Locale.ROOT))).append("\">")
                    .append("<strong>").append(esc(a.title())).append("</strong> <span class=\"muted\">")
                    .append(esc(a.severity().name().toLowerCase(java.util.Locale.ROOT))).append(", since ")
                    .append(Formats.time(a.raisedAt())).append("</span><br>").append(esc(a.message()));
            if (a.hint() != null) h.append("<br><span class=\"muted\">").append(esc(a.hint())).append("</span>");
            h.append("</li>");
        }
        h.append("</ul></section>\n");
    }

    private static void nodes(StringBuilder h, Map<String, Long> byNode) {
        h.append("<section aria-labelledby=\"nodes-h\"><h2 id=\"nodes-h\">Running jobs per node</h2>\n")
                .append("<p class=\"small\"><a href=\"/nodes\" id=\"all-nodes\">Every node, its version and heartbeat</a></p>\n");
        if (byNode.isEmpty()) {
            h.append("<p id=\"no-running\">No job is running.</p></section>\n");
            return;
        }
        h.append("<div class=\"scroll\"><table id=\"running-by-node\"><thead><tr><th scope=\"col\">Node</th><th scope=\"col\" class=\"num\">Running</th></tr></thead><tbody>");
        Map<String, Long> sorted = new TreeMap<>();
        byNode.forEach((node, n) -> sorted.merge(node == null ? "(none)" : node, n, Long::sum));
        sorted.forEach((node, n) -> h.append("<tr><th scope=\"row\">").append(esc(node))
                .append("</th><td class=\"num\">").append(n).append("</td></tr>"));
        h.append("</tbody></table></div></section>\n");
    }
}
