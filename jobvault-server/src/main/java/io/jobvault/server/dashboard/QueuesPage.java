package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.FinishedRuns;
import io.jobvault.Jobvault;
import io.jobvault.QueueInfo;
import io.jobvault.server.Problem;
import io.jobvault.server.auth.Scope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /queues}: every queue's depth, running jobs, latency and pause, from {@link Jobvault#queueInfos} (the reads
 * {@code GET /v1/queues} makes), and its runs in the last hour from the per-minute figures; held by the node for 3 s
 * (15 s for the runs) and updated live (see {@link LiveStream}); pause and resume buttons for admin sessions, with the checks and audit entries of
 * {@code POST /v1/queues/{queue}/pause|resume}. Queues span tenants, so a tenant-bound sign-in sees none of it.
 */
final class QueuesPage {
    private static final String VIA_DASHBOARD = "{\"via\":\"dashboard\"}";

    private final Jobvault jobvault;
    private final Fresh<List<QueueInfo>> infos;
    private final Fresh<List<FinishedRuns>> runs;

    QueuesPage(Jobvault jobvault) {
        this.jobvault = jobvault;
        this.infos = new Fresh<>(OverviewPage.FRESH_FOR, jobvault::queueInfos);
        this.runs = new Fresh<>(OverviewPage.RUNS_FRESH_FOR,
                () -> jobvault.throughput(ThroughputCharts.HOUR.from(jobvault.clock().instant()), null));
    }

    void show(Context ctx, Session session) {
        StringBuilder h = new StringBuilder();
        if (session.caller().tenant() != null) {
            h.append("<p id=\"tenant-note\">Queues are shared by every tenant, so a sign-in bound to tenant <strong>")
                    .append(esc(session.caller().tenant())).append("</strong> does not see them.</p>");
            Layout.page(ctx, session, "Queues", "queues", h.toString());
            return;
        }
        String done = ctx.queryParam("done");
        if ("pause".equals(done) || "resume".equals(done)) {
            h.append("<p class=\"notice\" id=\"action-done\" role=\"status\">Queue ").append(esc(ctx.queryParam("queue")))
                    .append("pause".equals(done) ? " paused: its jobs wait, on every node." : " resumed.").append("</p>\n");
        }
        h.append(LiveStream.region("queues-live", "/live/queues", live(ctx, session)));
        Layout.page(ctx, session, "Queues", "queues", h.toString());
    }

    /** The queues table, as a live region; nothing for a tenant-bound sign-in. */
    LiveStream.Region live(Context ctx, Session session) {
        if (session.caller().tenant() != null) return new LiveStream.Region("", true);
        List<QueueInfo> queues = infos.get();
        if (queues.isEmpty()) return LiveStream.Region.of("<p id=\"no-queues\">No queue has jobs waiting or running.</p>");
        Map<String, long[]> lastHour = new HashMap<>(); // succeeded, failed attempts
        for (FinishedRuns r : runs.get()) {
            int i = r.outcome() == FinishedRuns.Outcome.SUCCEEDED ? 0 : r.outcome() == FinishedRuns.Outcome.FAILED ? 1 : -1;
            if (i >= 0) lastHour.computeIfAbsent(r.queue(), q -> new long[2])[i] += r.count();
        }
        boolean admin = session.can(Scope.ADMIN);
        StringBuilder h = new StringBuilder();
        h.append("<div class=\"scroll\"><table id=\"queues\"><thead><tr><th>Queue</th><th>State</th><th class=\"num\">Available</th>")
                .append("<th class=\"num\">Scheduled</th><th class=\"num\">Running</th><th class=\"num\">Latency</th>")
                .append("<th class=\"num\" title=\"jobs succeeded in the last hour\">Succeeded, 1 h</th>")
                .append("<th class=\"num\" title=\"attempts failed in the last hour\">Failed, 1 h</th>")
                .append(admin ? "<th></th>" : "").append("</tr></thead><tbody>\n");
        for (QueueInfo q : queues) {
            long[] hour = lastHour.getOrDefault(q.name(), new long[2]);
            h.append("<tr id=\"queue-").append(esc(q.name())).append("\"><td class=\"mono\">").append(esc(q.name())).append("</td><td>")
                    .append(q.paused() ? "<span class=\"badge\">paused</span> since " + Formats.time(q.pausedAt()) : "running")
                    .append("</td><td class=\"num\">").append(q.available()).append("</td><td class=\"num\">").append(q.scheduled())
                    .append("</td><td class=\"num\">").append(q.running()).append("</td><td class=\"num\">")
                    .append(esc(String.format(java.util.Locale.ROOT, "%.1f s", q.latency().toMillis() / 1000.0))).append("</td>")
                    .append("<td class=\"num\">").append(hour[0]).append("</td><td class=\"num\">").append(hour[1]).append("</td>");
            if (admin) {
                String action = q.paused() ? "resume" : "pause";
                h.append("<td><form method=\"post\" action=\"/queues/").append(esc(Html.query(q.name()))).append('/').append(action)
                        .append("\" class=\"inline\">").append(Layout.csrfField(session)).append("<button type=\"submit\" id=\"")
                        .append(action).append('-').append(esc(q.name())).append("\">").append(q.paused() ? "Resume" : "Pause")
                        .append("</button></form></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
        return LiveStream.Region.of(h.toString());
    }

    void pause(Context ctx, Session session) {
        String queue = queue(ctx, session);
        if (jobvault.pauseQueue(queue)) audit(session, "queue.pause", queue);
        infos.clear(); // the page it goes back to shows the pause
        Dashboard.redirect(ctx, "/queues?done=pause&queue=" + Html.query(queue));
    }

    void resume(Context ctx, Session session) {
        String queue = queue(ctx, session);
        if (jobvault.resumeQueue(queue)) audit(session, "queue.resume", queue);
        infos.clear();
        Dashboard.redirect(ctx, "/queues?done=resume&queue=" + Html.query(queue));
    }

    /** The queue named in the path, once the session may pause it: an admin sign-in bound to no tenant (403 otherwise). */
    private static String queue(Context ctx, Session session) {
        if (!session.can(Scope.ADMIN) || session.caller().tenant() != null) {
            throw Problem.of(403, "forbidden", "Forbidden", "pausing a queue needs an admin token bound to no tenant;"
                    + " nothing was changed", "sign in with such a token").exception();
        }
        return ctx.pathParam("queue");
    }

    private void audit(Session session, String action, String queue) {
        jobvault.audit("token:" + session.caller().tokenId(), action, "queue:" + queue, null, VIA_DASHBOARD);
    }
}
