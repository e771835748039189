package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;
import static io.jobvault.server.dashboard.Html.query;

import io.javalin.http.Context;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /}: unfinished jobs by queue and state (with each queue's latency, and whether it is paused), open alerts,
 * running jobs per node. The counts are the ones
 * {@code GET /v1/health} reads (their cost grows with the backlog, not with the finished jobs kept), held for
 * {@link #FRESH_FOR} so reloads and many open tabs cost the store one read. A tenant-bound sign-in sees none of it:
 * these figures span tenants.
 */
final class OverviewPage {
    static final Duration FRESH_FOR = Duration.ofSeconds(3);
    private static final JobState[] UNFINISHED = {JobState.SCHEDULED, JobState.AVAILABLE, JobState.RUNNING, JobState.RETRYING};

    private record Counts(Map<String, Map<JobState, Long>> unfinished, Map<String, Instant> paused,
                          Map<String, Instant> oldestAvailable, Map<String, Long> runningByNode, long readAtNanos) {}

    private final Jobvault jobvault;
    private final JobStore store;
    private volatile Counts counts;

    OverviewPage(Jobvault jobvault, JobStore store) {
        this.jobvault = jobvault;
        this.store = store;
    }

    void show(Context ctx, Session session) {
        StringBuilder h = new StringBuilder();
        if (session.caller().tenant() != null) {
            h.append("<p id=\"tenant-note\">This sign-in is bound to tenant <strong>").append(esc(session.caller().tenant()))
                    .append("</strong>. Counts, alerts and nodes span tenants, so they are not shown here; see ")
                    .append("<a href=\"/jobs\">your jobs</a>.</p>");
            Layout.page(ctx, session, "Overview", "overview", h.toString());
            return;
        }
        Counts c = counts();
        unfinished(h, c, jobvault.clock().instant());
        alerts(h);
        nodes(h, c.runningByNode());
        Layout.page(ctx, session, "Overview", "overview", h.toString());
    }

    private Counts counts() {
        Counts c = counts;
        if (c == null || System.nanoTime() - c.readAtNanos() > FRESH_FOR.toNanos()) {
            c = new Counts(store.jobsCountUnfinished(), store.queuesPaused(), store.jobsOldestAvailableByQueue(),
                    store.jobsRunningByNode(), System.nanoTime());
            counts = c;
        }
        return c;
    }

    private static void unfinished(StringBuilder h, Counts c, Instant now) {
        Map<String, Map<JobState, Long>> byQueue = new TreeMap<>(c.unfinished());
        c.paused().keySet().forEach(q -> byQueue.putIfAbsent(q, Map.of())); // a paused queue shows, even empty
        h.append("<section aria-labelledby=\"counts-h\"><h2 id=\"counts-h\">Unfinished jobs</h2>\n");
        long[] totals = new long[UNFINISHED.length];
        h.append("<div class=\"scroll\"><table id=\"counts\"><thead><tr><th scope=\"col\">Queue</th>");
        for (JobState s : UNFINISHED) h.append("<th scope=\"col\" class=\"num\">").append(s.dbName()).append("</th>");
        h.append("<th scope=\"col\" class=\"num\" title=\"how long the oldest available job has waited\">latency</th>");
        h.append("</tr></thead><tbody>");
        for (var e : byQueue.entrySet()) {
            String queue = e.getKey();
            h.append("<tr><th scope=\"row\"><a href=\"/jobs?queue=").append(esc(query(queue))).append("\">").append(esc(queue)).append("</a>");
            if (c.paused().containsKey(queue)) h.append(" <span class=\"badge\" id=\"paused-").append(esc(queue)).append("\">paused</span>");
            h.append("</th>");
            for (int i = 0; i < UNFINISHED.length; i++) {
                long n = e.getValue().getOrDefault(UNFINISHED[i], 0L);
                totals[i] += n;
                h.append("<td class=\"num\"><a href=\"/jobs?queue=").append(esc(query(queue))).append("&amp;state=")
                        .append(UNFINISHED[i].dbName()).append("\">").append(n).append("</a></td>");
            }
            Instant oldest = c.oldestAvailable().get(queue);
            h.append("<td class=\"num\">").append(oldest == null || oldest.isAfter(now) ? "—" : latency(Duration.between(oldest, now)))
                    .append("</td></tr>");
        }
        h.append("</tbody><tfoot><tr><th scope=\"row\">All queues</th>");
        for (int i = 0; i < UNFINISHED.length; i++) {
            h.append("<td class=\"num\" id=\"total-").append(UNFINISHED[i].dbName()).append("\"><a href=\"/jobs?state=")
                    .append(UNFINISHED[i].dbName()).append("\">").append(totals[i]).append("</a></td>");
        }
        h.append("<td></td></tr></tfoot></table></div>\n");
        h.append("<p class=\"muted\">Finished jobs: <a href=\"/jobs?state=succeeded\">succeeded</a>, <a href=\"/jobs?state=dead\">dead</a>,")
                .append(" <a href=\"/jobs?state=cancelled\">cancelled</a>.</p></section>\n");
    }

    /** 850 ms, 12 s, 4 min, 3 h: enough to see a queue falling behind. */
    static String latency(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 120_000) return ms / 1000 + " s";
        if (ms < 7_200_000) return ms / 60_000 + " min";
        return ms / 3_600_000 + " h";
    }

    private void alerts(StringBuilder h) {
        List<Alert> open = jobvault.alerts(jobvault.clock().instant().minus(Duration.ofDays(1)), 200).stream().filter(Alert::open).toList();
        h.append("<section aria-labelledby=\"alerts-h\"><h2 id=\"alerts-h\">Open alerts</h2>\n");
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
        h.append("<section aria-labelledby=\"nodes-h\"><h2 id=\"nodes-h\">Running jobs per node</h2>\n");
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
