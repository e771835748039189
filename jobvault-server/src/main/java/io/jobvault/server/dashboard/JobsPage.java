package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;
import static io.jobvault.server.dashboard.Html.query;

import io.javalin.http.Context;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.Page;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /jobs}: jobs newest first, filtered by state, type, queue, tenant, label and created or finished range, a page at a time through the list API's
 * keyset cursor (no offsets, no counts: a page costs the same on page 1 and page 10,000). An id goes straight to its job.
 * A tenant-bound sign-in lists its own tenant's jobs only, whatever the tenant field says.
 */
final class JobsPage {
    static final int PAGE = 50;
    /** The filters the form sends and the pager keeps; times are UTC. */
    private static final String[] FILTERS = {"state", "type", "queue", "tenant", "label", "created_from", "created_to",
            "finished_from", "finished_to"};
    /** Longer filter values match nothing real; they are cut rather than sent to the store. */
    private static final int MAX_VALUE = 255;

    private final Jobvault jobvault;

    JobsPage(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void show(Context ctx, Session session) {
        String id = param(ctx, "id");
        if (id != null) {
            UUID uuid = parseId(id);
            if (uuid != null) {
                Dashboard.redirect(ctx, "/jobs/" + uuid);
                return;
            }
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : FILTERS) {
            String v = param(ctx, name);
            if (v != null) filters.put(name, v);
        }
        String tenant = session.caller().tenant();
        if (tenant != null) filters.put("tenant", tenant);
        StringBuilder h = new StringBuilder();
        form(h, filters, tenant != null);
        String error = id != null ? "'" + id + "' is not a job id (ids look like 01940a7e-8f2c-7c1e-9a3b-5f6d7e8f9a0b)." : null;
        JobFilter filter = JobFilter.ALL;
        if (filters.containsKey("state")) {
            try {
                filter = filter.withState(JobState.fromDbName(filters.get("state")));
            } catch (IllegalArgumentException e) {
                error = "'" + filters.get("state") + "' is not a state.";
            }
        }
        if (filters.containsKey("type")) filter = filter.withType(filters.get("type"));
        if (filters.containsKey("queue")) filter = filter.withQueue(filters.get("queue"));
        if (filters.containsKey("tenant")) filter = filter.withTenant(filters.get("tenant"));
        if (filters.containsKey("label")) {
            try {
                filter = filter.withLabel(JobFilter.Label.parse(filters.get("label")));
            } catch (IllegalArgumentException e) {
                error = "A label filter is key=value, such as team=billing.";
            }
        }
        try {
            filter = filter.withCreated(time(filters.get("created_from")), time(filters.get("created_to")))
                    .withFinished(time(filters.get("finished_from")), time(filters.get("finished_to")));
        } catch (DateTimeParseException e) {
            error = "Times are UTC, as 2026-12-07T14:30 (seconds optional).";
        }
        h.append("<div id=\"job-results\">\n");
        if (error != null) {
            h.append("<p class=\"error\" id=\"filter-error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        } else {
            String cursor = param(ctx, "cursor");
            Page<Job> page;
            try {
                page = jobvault.list(filter, cursor, PAGE);
            } catch (IllegalArgumentException e) {
                page = null;
            }
            if (page == null) h.append("<p class=\"error\" id=\"filter-error\" role=\"alert\">That page link is not valid; <a href=\"/jobs\">start over</a>.</p>\n");
            else table(h, page, filters, cursor != null, tenant == null);
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

    private static void table(StringBuilder h, Page<Job> page, Map<String, String> filters, boolean notFirst, boolean showTenant) {
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
        if (notFirst) h.append("<a id=\"page-first\" href=\"/jobs").append(esc(queryString(filters, null))).append("\">« Newest</a> ");
        if (page.nextCursor() != null) {
            h.append("<a id=\"page-next\" href=\"/jobs").append(esc(queryString(filters, page.nextCursor()))).append("\">Older »</a>");
        }
        h.append("</nav>\n");
    }

    private static String queryString(Map<String, String> filters, String cursor) {
        StringBuilder q = new StringBuilder();
        filters.forEach((k, v) -> q.append(q.isEmpty() ? '?' : '&').append(k).append('=').append(query(v)));
        if (cursor != null) q.append(q.isEmpty() ? '?' : '&').append("cursor=").append(query(cursor));
        return q.toString();
    }

    /** A datetime-local value (or a full ISO instant), read as UTC; null for none. */
    private static Instant time(String value) {
        if (value == null) return null;
        if (value.endsWith("Z")) return Instant.parse(value);
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    }

    /** A non-blank query parameter, stripped and cut to {@link #MAX_VALUE} characters; else null. */
    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        v = v.strip();
        return v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v;
    }

    static UUID parseId(String raw) {
        try {
            return raw.length() == 36 ? UUID.fromString(raw) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
