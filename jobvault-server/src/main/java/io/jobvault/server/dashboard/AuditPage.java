package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.AuditEntry;
import java.util.List;

/**
 * {@code /audit}: who changed what, newest first, 50 entries a page, paged by entry id as {@code GET /v1/audit} is.
 * The log spans tenants and names every token's actions, so only an admin sign-in bound to no tenant reads it, as the
 * API requires.
 */
final class AuditPage {
    static final int PAGE = 50;

    private final Jobvault jobvault;

    AuditPage(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void show(Context ctx, Session session) {
        StringBuilder h = new StringBuilder();
        if (!session.can(Scope.ADMIN) || session.caller().tenant() != null) {
            h.append("<p id=\"audit-forbidden\">The audit log spans every tenant and token: it needs an admin sign-in bound to no tenant.</p>");
            Layout.page(ctx, session, 403, "Audit log", "audit", h.toString());
            return;
        }
        long before = before(ctx.queryParam("before"));
        if (before < 0) {
            h.append("<p class=\"error\" id=\"audit-error\" role=\"alert\">That page link is not valid; <a href=\"/audit\">start over</a>.</p>\n");
            Layout.page(ctx, session, 400, "Audit log", "audit", h.toString());
            return;
        }
        List<AuditEntry> entries = jobvault.auditLog(before, PAGE);
        if (entries.isEmpty()) {
            h.append("<p id=\"no-audit\">No entries").append(before > 0 ? " older than these." : " yet.").append("</p>");
        } else {
            h.append("<div class=\"scroll\"><table id=\"audit\"><thead><tr><th>When</th><th>Who</th><th>What</th><th>On</th><th>Reason</th><th>Details</th></tr></thead><tbody>\n");
            for (AuditEntry e : entries) {
                h.append("<tr id=\"audit-").append(e.id()).append("\"><td>").append(Formats.time(e.at())).append("</td><td class=\"mono\">")
                        .append(esc(e.actor())).append("</td><td class=\"mono\">").append(esc(e.action())).append("</td><td class=\"mono\">")
                        .append(target(e.target())).append("</td><td>").append(e.reason() == null ? "" : esc(e.reason()))
                        .append("</td><td class=\"mono\">").append(e.details() == null ? "" : esc(e.details())).append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        if (before > 0) h.append("<a id=\"audit-newest\" href=\"/audit\">« Newest</a> ");
        if (entries.size() == PAGE) h.append("<a id=\"audit-older\" href=\"/audit?before=").append(entries.getLast().id()).append("\">Older »</a>");
        Layout.page(ctx, session, "Audit log", "audit", h.toString());
    }

    /** What an entry is about, linked to its page where the dashboard has one (a job, a bulk operation, a schedule, a queue). */
    static String target(String target) {
        if (target == null) return "";
        int colon = target.indexOf(':');
        String kind = colon < 0 ? "" : target.substring(0, colon);
        String rest = colon < 0 ? "" : target.substring(colon + 1);
        String href = switch (kind) {
            case "job" -> JobsPage.parseId(rest) == null ? null : "/jobs/" + rest;
            case "bulk" -> JobsPage.parseId(rest) == null ? null : "/jobs/bulk/" + rest;
            case "schedule" -> rest.isEmpty() ? null : "/schedules/" + Html.query(rest);
            case "queue" -> "/queues";
            default -> null;
        };
        return href == null ? esc(target) : "<a href=\"" + esc(href) + "\">" + esc(target) + "</a>";
    }

    /** The {@code before} parameter: 0 when absent (the newest), -1 when it is not an entry id. */
    private static long before(String value) {
        if (value == null) return 0;
        try {
            long id = Long.parseLong(value);
            return id >= 1 ? id : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
