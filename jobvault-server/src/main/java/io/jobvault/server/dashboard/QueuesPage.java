package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.QueueInfo;
import io.jobvault.server.Problem;
import io.jobvault.server.auth.Scope;
import java.util.List;

/**
 * {@code /queues}: every queue's depth, running jobs, latency and pause, from {@link Jobvault#queueInfos} (the reads
 * {@code GET /v1/queues} makes); pause and resume buttons for admin sessions, with the checks and audit entries of
 * {@code POST /v1/queues/{queue}/pause|resume}. Queues span tenants, so a tenant-bound sign-in sees none of it.
 */
final class QueuesPage {
    private static final String VIA_DASHBOARD = "{\"via\":\"dashboard\"}";

    private final Jobvault jobvault;

    QueuesPage(Jobvault jobvault) {
        this.jobvault = jobvault;
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
        List<QueueInfo> queues = jobvault.queueInfos();
        if (queues.isEmpty()) {
            h.append("<p id=\"no-queues\">No queue has jobs waiting or running.</p>");
            Layout.page(ctx, session, "Queues", "queues", h.toString());
            return;
        }
        boolean admin = session.can(Scope.ADMIN);
        h.append("<table id=\"queues\"><thead><tr><th>Queue</th><th>State</th><th class=\"num\">Available</th>")
                .append("<th class=\"num\">Scheduled</th><th class=\"num\">Running</th><th class=\"num\">Latency</th>")
                .append(admin ? "<th></th>" : "").append("</tr></thead><tbody>\n");
        for (QueueInfo q : queues) {
            h.append("<tr id=\"queue-").append(esc(q.name())).append("\"><td class=\"mono\">").append(esc(q.name())).append("</td><td>")
                    .append(q.paused() ? "<span class=\"badge\">paused</span> since " + Formats.time(q.pausedAt()) : "running")
                    .append("</td><td class=\"num\">").append(q.available()).append("</td><td class=\"num\">").append(q.scheduled())
                    .append("</td><td class=\"num\">").append(q.running()).append("</td><td class=\"num\">")
                    .append(esc(String.format(java.util.Locale.ROOT, "%.1f s", q.latency().toMillis() / 1000.0))).append("</td>");
            if (admin) {
                String action = q.paused() ? "resume" : "pause";
                h.append("<td><form method=\"post\" action=\"/queues/").append(esc(Html.query(q.name()))).append('/').append(action)
                        .append("\" class=\"inline\">").append(Layout.csrfField(session)).append("<button type=\"submit\" id=\"")
                        .append(action).append('-').append(esc(q.name())).append("\">").append(q.paused() ? "Resume" : "Pause")
                        .append("</button></form></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
        Layout.page(ctx, session, "Queues", "queues", h.toString());
    }

    void pause(Context ctx, Session session) {
        String queue = queue(ctx, session);
        if (jobvault.pauseQueue(queue)) audit(session, "queue.pause", queue);
        Dashboard.redirect(ctx, "/queues?done=pause&queue=" + Html.query(queue));
    }

    void resume(Context ctx, Session session) {
        String queue = queue(ctx, session);
        if (jobvault.resumeQueue(queue)) audit(session, "queue.resume", queue);
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
