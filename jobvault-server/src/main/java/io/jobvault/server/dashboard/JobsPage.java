package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.Page;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /jobs}: jobs newest first, filtered by state, type, queue, tenant, label and created or finished range, a page at a time through the list API's
 * keyset cursor (no offsets, no counts: a page costs the same on page 1 and page 10,000). An id goes straight to its job.
 * A tenant-bound sign-in lists its own tenant's jobs only, whatever the tenant field says.
 */
final class JobsPage {
    static final int PAGE = 50;

    private final Jobvault jobvault;

    JobsPage(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void show(Context ctx, Session session) {
        String id = JobFilterForm.clean(ctx.queryParam("id"));
        if (id != null) {
            UUID uuid = parseId(id);
            if (uuid != null) {
                Dashboard.redirect(ctx, "/jobs/" + uuid);
                return;
            }
        }
        String tenant = session.caller().tenant();
        JobFilterForm form = JobFilterForm.read(ctx::queryParam, tenant);
        StringBuilder h = new StringBuilder();
        form(h, form.values(), tenant != null);
        String error = id != null ? "'" + id + "' is not a job id (ids look like 01940a7e-8f2c-7c1e-9a3b-5f6d7e8f9a0b)."
                : form.error();
        h.append("<div id=\"job-results\">\n");
        if (error != null) {
            h.append("<p class=\"error\" id=\"filter-error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        } else {
            String cursor = JobFilterForm.clean(ctx.queryParam("cursor"));
            Page<Job> page;
            try {
                page = jobvault.list(form.filter(), cursor, PAGE);
            } catch (IllegalArgumentException e) {
                page = null;
            }
            if (page == null) h.append("<p class=\"error\" id=\"filter-error\" role=\"alert\">That page link is not valid; <a href=\"/jobs\">start over</a>.</p>\n");
            else {
                if (!page.items().isEmpty()) BulkPage.buttons(h, form, session);
                table(h, page, form, cursor != null, tenant == null);
            }
        }
        h.append("</div>\n");
        Layout.page(ctx, session, "Jobs", "jobs", h.toString());
    }

    private static void form(StringBuilder h, Map<String, String> f, boolean tenantBound) {
        h.append("<form id=\"go-to-job\" method=\"get\" action=\"/jobs\" class=\"filters\">")
                .append("<label for=\"filter-id\">Job id</label><input id=\"filter-id\" name=\"id\" spellcheck=\"false\" size=\"38\">")
                .append("<button type=\"submit\" id=\"go-to-job-button\">Open</button></form>\n");
        // htmx replaces only the results and keeps the URL in step; without script it is an ordinary GET form
        h.append("<form id=\"job-filter\" method=\"get\" action=\"/jobs\" class=\"filters\" hx-get=\"/jobs\" hx-trigger=\"submit, change\"")
                .append(" hx-target=\"#job-results\" hx-select=\"#job-results\" hx-swap=\"outerHTML\" hx-push-url=\"true\">\n");
        h.append("<label for=\"filter-state\">State</label><select id=\"filter-state\" name=\"state\"><option value=\"\">any</option>");
        for (JobState s : JobState.values()) {
            h.append("<option").append(s.dbName().equals(f.get("state")) ? " selected" : "").append('>').append(s.dbName()).append("</option>");
        }
        h.append("</select>\n");
        input(h, "type", "Type", f.get("type"), false);
        input(h, "queue", "Queue", f.get("queue"), false);
        input(h, "tenant", "Tenant", f.get("tenant"), tenantBound);
        input(h, "label", "Label", f.get("label"), false);
        timeInput(h, "created_from", "Created from", f.get("created_from"));
        timeInput(h, "created_to", "Created to", f.get("created_to"));
        timeInput(h, "finished_from", "Finished from", f.get("finished_from"));
        timeInput(h, "finished_to", "Finished to", f.get("finished_to"));
        h.append("<span class=\"muted small\">times in UTC</span>\n");
        h.append("<button type=\"submit\" id=\"filter-apply\">Filter</button> <a href=\"/jobs\" id=\"filter-clear\">Clear</a>\n</form>\n");
    }

    private static void input(StringBuilder h, String name, String label, String value, boolean readOnly) {
        h.append("<label for=\"filter-").append(name).append("\">").append(label).append("</label><input id=\"filter-").append(name)
                .append("\" name=\"").append(name).append("\" value=\"").append(esc(value)).append('"')
                .append(readOnly ? " readonly" : "").append(" spellcheck=\"false\">\n");
    }

    private static void timeInput(StringBuilder h, String name, String label, String value) {
        String id = "filter-" + name.replace('_', '-');
        h.append("<label for=\"").append(id).append("\">").append(label).append("</label><input type=\"datetime-local\" step=\"1\" id=\"")
                .append(id).append("\" name=\"").append(name).append("\" value=\"").append(esc(value)).append("\">\n");
    }

    private static void table(StringBuilder h, Page<Job> page, JobFilterForm filters, boolean notFirst, boolean showTenant) {
        if (page.items().isEmpty()) {
            h.append("<p id=\"no-jobs\">No jobs match.</p>\n");
        } else {
            h.append("<div class=\"scroll\"><table id=\"jobs\"><thead><tr><th scope=\"col\">Job</th><th scope=\"col\">Type</th>")
                    .append("<th scope=\"col\">Queue</th>").append(showTenant ? "<th scope=\"col\">Tenant</th>" : "")
                    .append("<th scope=\"col\">State</th><th scope=\"col\" class=\"num\">Attempt</th><th scope=\"col\">Created</th>")
                    .append("<th scope=\"col\" class=\"num\">Progress</th></tr></thead><tbody>\n");
            for (Job j : page.items()) {
                h.append("<tr id=\"job-").append(j.id()).append("\"><td><a class=\"mono\" href=\"/jobs/").append(j.id())
                        .append("\" title=\"").append(j.id()).append("\">").append(j.id().toString(), 0, 13).append("…</a></td>")
                        .append("<td>").append(esc(j.type())).append("</td><td>").append(esc(j.queue())).append("</td>");
                if (showTenant) h.append("<td>").append(esc(j.tenant())).append("</td>");
                h.append("<td>").append(Formats.state(j.state())).append("</td><td class=\"num\">").append(j.attemptsUsed()).append('/')
                        .append(j.attemptBudget()).append("</td><td>").append(Formats.time(j.createdAt())).append("</td><td class=\"num\">")
                        .append(j.progressPercent() == null ? "" : j.progressPercent() + "%").append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        h.append("<nav class=\"pager\" aria-label=\"Pages\">");
        if (notFirst) h.append("<a id=\"page-first\" href=\"/jobs").append(esc(filters.queryString())).append("\">« Newest</a> ");
        if (page.nextCursor() != null) {
            h.append("<a id=\"page-next\" href=\"/jobs").append(esc(filters.queryString("cursor", page.nextCursor()))).append("\">Older »</a>");
        }
        h.append("</nav>\n");
    }

    static UUID parseId(String raw) {
        try {
            return raw.length() == 36 ? UUID.fromString(raw) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
