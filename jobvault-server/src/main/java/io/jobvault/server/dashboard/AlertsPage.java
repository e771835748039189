package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.server.AlertsApi;
import io.jobvault.server.Problem;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /alerts}: open alerts (updated live, see {@link LiveStream}), then those raised or resolved recently, newest
 * first — the read {@code GET /v1/alerts} makes (at most {@link #LIMIT}). Alerts resolve by themselves when their condition
 * clears; an admin sign-in can acknowledge an open one (it stays open, showing who and when), as
 * {@code POST /v1/alerts/{id}/acknowledge} does. Alerts span tenants: a tenant-bound sign-in sees none.
 */
final class AlertsPage {
    static final int LIMIT = 500;
    /** The windows offered for "recent"; the first is the default, as the API's. */
    private static final Map<String, Duration> WINDOWS = windows();

    private final Jobvault jobvault;
    /** The open alerts, held {@link OverviewPage#FRESH_FOR}: the live region reads them every few seconds per tab. */
    private final Fresh<List<Alert>> open;

    AlertsPage(Jobvault jobvault) {
        this.jobvault = jobvault;
        this.open = new Fresh<>(OverviewPage.FRESH_FOR,
                () -> jobvault.alerts(jobvault.clock().instant(), LIMIT).stream().filter(Alert::open).toList());
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("24h", Duration.ofHours(24));
        w.put("1h", Duration.ofHours(1));
        w.put("7d", Duration.ofDays(7));
        w.put("30d", Duration.ofDays(30));
        return w;
    }

    void show(Context ctx, Session session) {
        StringBuilder h = new StringBuilder();
        if (session.caller().tenant() != null) {
            h.append("<p id=\"tenant-note\">Alerts are about the whole service, every tenant's, so a sign-in bound to tenant <strong>")
                    .append(esc(session.caller().tenant())).append("</strong> does not see them.</p>");
            Layout.page(ctx, session, "Alerts", "alerts", h.toString());
            return;
        }
        String since = ctx.queryParam("since");
        if (since == null || !WINDOWS.containsKey(since)) since = WINDOWS.keySet().iterator().next();
        List<Alert> recent = jobvault.alerts(jobvault.clock().instant().minus(WINDOWS.get(since)), LIMIT).stream()
                .filter(a -> !a.open()).toList();

        if ("acknowledge".equals(ctx.queryParam("done"))) {
            h.append("<p class=\"notice\" id=\"action-done\" role=\"status\">Acknowledged: it stays open until what raised it clears.</p>\n");
        }
        h.append(LiveStream.region("alerts-live", "/live/alerts", live(ctx, session)));
        h.append("\n<section aria-labelledby=\"recent-h\"><h2 id=\"recent-h\">Resolved</h2>\n")
                .append("<form method=\"get\" action=\"/alerts\" class=\"filters\" id=\"alerts-since\"><label for=\"since\">Raised or resolved in the last</label>")
                .append("<select id=\"since\" name=\"since\">");
        for (String w : WINDOWS.keySet()) {
            h.append("<option value=\"").append(w).append('"').append(w.equals(since) ? " selected" : "").append('>').append(w).append("</option>");
        }
        h.append("</select><button type=\"submit\">Show</button></form>\n");
        if (recent.isEmpty()) h.append("<p id=\"no-recent-alerts\">None in that time.</p>");
        else list(h, "recent-alerts", recent, null);
        h.append("</section>\n<p class=\"muted\">An alert resolves by itself when what raised it clears; where alerts are sent"
                + " (webhook, email) is set on the server (see docs/operations.md, Alerts).</p>\n");
        Layout.page(ctx, session, "Alerts", "alerts", h.toString());
    }

    /** The open alerts, as a live region: one raised or resolved meanwhile shows without a reload; nothing for a tenant. */
    LiveStream.Region live(Context ctx, Session session) {
        if (session.caller().tenant() != null) return new LiveStream.Region("", true);
        List<Alert> now = open.get();
        StringBuilder h = new StringBuilder();
        h.append("<section aria-labelledby=\"open-h\"><h2 id=\"open-h\">Open <span class=\"badge\" id=\"open-count\">")
                .append(now.size()).append("</span></h2>\n");
        if (now.isEmpty()) h.append("<p id=\"no-open-alerts\">None: nothing needs a look.</p>");
        else list(h, "open-alerts", now, canAcknowledge(session) ? session : null);
        return LiveStream.Region.of(h.append("</section>").toString());
    }

    /** {@code POST /alerts/{id}/acknowledge}: admin sign-ins bound to no tenant (403 otherwise); audited. */
    void acknowledge(Context ctx, Session session) {
        if (!canAcknowledge(session)) {
            throw Problem.of(403, "forbidden", "Forbidden", "acknowledging an alert needs an admin token bound to no tenant;"
                    + " nothing was changed", "sign in with such a token").exception();
        }
        String actor = "token:" + session.caller().tokenId();
        Alert a = AlertsApi.acknowledge(jobvault, ctx.pathParam("id"), actor);
        jobvault.audit(actor, "alert.acknowledge", "alert:" + a.id(), null, JobActions.VIA_DASHBOARD);
        open.clear(); // the page it goes back to shows the acknowledgement
        Dashboard.redirect(ctx, "/alerts?done=acknowledge");
    }

    private static boolean canAcknowledge(Session session) {
        return session.can(Scope.ADMIN) && session.caller().tenant() == null;
    }

    /** The alerts as a list; with {@code actor} (a session that may act), open unacknowledged ones get the button. */
    private static void list(StringBuilder h, String id, List<Alert> alerts, Session actor) {
        h.append("<ul id=\"").append(id).append("\" class=\"alerts\">");
        for (Alert a : alerts) {
            String severity = a.severity().name().toLowerCase(Locale.ROOT);
            h.append("<li class=\"alert sev-").append(esc(severity)).append("\" id=\"alert-").append(a.id()).append("\"><strong>")
                    .append(esc(a.title())).append("</strong> <span class=\"badge\">").append(esc(severity)).append("</span> <span class=\"mono small\">")
                    .append(esc(a.rule())).append("</span><br>").append(esc(a.message()));
            if (a.hint() != null) h.append("<br><span class=\"muted\">").append(esc(a.hint())).append("</span>");
            h.append("<br><span class=\"small\">raised ").append(Formats.time(a.raisedAt()));
            if (a.resolvedAt() != null) h.append(", resolved ").append(Formats.time(a.resolvedAt()));
            if (a.acknowledged()) {
                h.append(", <span id=\"alert-").append(a.id()).append("-acknowledged\">acknowledged by ")
                        .append(esc(a.acknowledgedBy())).append(" at ").append(Formats.time(a.acknowledgedAt())).append("</span>");
            }
            h.append("</span>");
            if (actor != null && a.open() && !a.acknowledged()) {
                h.append("<form method=\"post\" action=\"/alerts/").append(a.id()).append("/acknowledge\" class=\"inline\">")
                        .append(Layout.csrfField(actor)).append("<button type=\"submit\" id=\"acknowledge-").append(a.id())
                        .append("\">Acknowledge</button></form>");
            }
            if (!a.context().isEmpty()) {
                h.append("<br><span class=\"small mono\">");
                new TreeMap<>(a.context()).forEach((k, v) -> h.append(esc(k)).append('=').append(esc(v)).append(' '));
                h.append("</span>");
            }
            h.append("</li>");
        }
        h.append("</ul>\n");
    }
}
