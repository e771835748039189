package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.bulk.BulkAction;
import io.jobvault.bulk.BulkActions;
import io.jobvault.bulk.BulkOperation;
import io.jobvault.server.Problem;
import io.jobvault.server.auth.Scope;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Bulk actions by filter, from the Jobs page, through the API's bulk operations ({@code POST /v1/jobs/bulk}: stored,
 * run by the maintenance leader in batches, stoppable, audited). {@code GET /jobs/bulk} shows how many jobs the filter
 * matches (the API's preview) and asks to go on; {@code POST /jobs/bulk} starts the operation; {@code /jobs/bulk/ID}
 * follows it live and can stop it. Scopes as for one job: submit to retry or cancel, admin to delete; a tenant-bound
 * sign-in acts on its own tenant's jobs, and sees its own operations only.
 */
final class BulkPage {
    /** The audit entries' {@code via}, telling dashboard operations from the API's. */
    static final String VIA = "dashboard";

    private final Jobvault jobvault;

    BulkPage(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    /** The Jobs page's buttons for the filter it shows: only those the session's token may use (none when read-only). */
    static void buttons(StringBuilder h, JobFilterForm form, Session session) {
        if (!session.can(Scope.SUBMIT)) return;
        h.append("<form id=\"bulk-form\" method=\"get\" action=\"/jobs/bulk\" class=\"filters bulk\">").append(form.hiddenFields())
                .append("<span class=\"muted\">Every job this filter matches, on every page:</span>");
        for (BulkAction a : BulkAction.values()) {
            if (!may(session, a)) continue;
            h.append(" <button type=\"submit\" name=\"action\" value=\"").append(a.wireName()).append("\" id=\"bulk-")
                    .append(a.wireName()).append('"').append(a == BulkAction.DELETE ? " class=\"danger\"" : "").append('>')
                    .append(verb(a)).append(" all…</button>");
        }
        h.append("</form>\n");
    }

    /** {@code GET /jobs/bulk?action=…&filters}: how many jobs match, and a button to go on. Changes nothing. */
    void preview(Context ctx, Session session) {
        BulkAction action = parse(ctx.queryParam("action"));
        JobFilterForm form = JobFilterForm.read(ctx::queryParam, session.caller().tenant());
        StringBuilder h = new StringBuilder();
        String back = "<a id=\"bulk-back\" href=\"/jobs" + esc(form.queryString()) + "\">Back to the jobs</a>";
        if (action == null || form.error() != null) {
            h.append("<p class=\"error\" id=\"bulk-error\" role=\"alert\">")
                    .append(esc(action == null ? "The action is one of retry, cancel or delete." : form.error())).append("</p><p>")
                    .append(back).append("</p>");
            Layout.page(ctx, session, 400, "Bulk action", "jobs", h.toString());
            return;
        }
        if (!may(session, action)) {
            h.append("<p class=\"error\" id=\"bulk-error\" role=\"alert\">This sign-in's token may not ")
                    .append(action.wireName()).append(" jobs.</p><p>").append(back).append("</p>");
            Layout.page(ctx, session, 403, verb(action) + " jobs by filter", "jobs", h.toString());
            return;
        }
        long matched = jobvault.bulk().preview(form.filter());
        boolean capped = !BulkActions.previewIsExact(form.filter()) && matched >= BulkActions.PREVIEW_CAP;
        h.append("<p id=\"bulk-filter\">Filter: ").append(form.describe()).append(".</p>\n");
        h.append("<p id=\"bulk-preview\"><strong id=\"bulk-matched\">").append(capped ? "at least " : "").append(matched)
                .append("</strong> ").append(matched == 1 ? "job matches" : "jobs match").append(" now.</p>\n");
        if (matched == 0) {
            h.append("<p>Nothing to do.</p><p>").append(back).append("</p>");
            Layout.page(ctx, session, verb(action) + " jobs by filter", "jobs", h.toString());
            return;
        }
        h.append("<p class=\"muted\">").append(explain(action)).append(" It runs in the background in batches of a few hundred,")
                .append(" on jobs that match when their batch runs, and can be stopped; it is recorded in the audit log.</p>\n");
        h.append("<form method=\"post\" action=\"/jobs/bulk\" class=\"actions\" id=\"bulk-start-form\">").append(Layout.csrfField(session))
                .append(form.hiddenFields()).append("<input type=\"hidden\" name=\"action\" value=\"").append(action.wireName())
                .append("\"><input type=\"hidden\" name=\"matched\" value=\"").append(matched).append("\">")
                .append("<button type=\"submit\" id=\"bulk-confirm\" class=\"danger\">").append(verb(action)).append(' ')
                .append(capped ? "them" : matched == 1 ? "1 job" : matched + " jobs").append("</button> ").append(back).append("</form>\n");
        Layout.page(ctx, session, verb(action) + " jobs by filter", "jobs", h.toString());
    }

    /** {@code POST /jobs/bulk}: starts the operation (durable, audited with "via": "dashboard"), then shows it. */
    void start(Context ctx, Session session) {
        BulkAction action = parse(ctx.formParam("action"));
        JobFilterForm form = JobFilterForm.read(ctx::formParam, session.caller().tenant());
        if (action == null || form.error() != null) {
            throw Problem.of(400, "bad-request", "Bad request", (action == null ? "the action is one of retry, cancel or delete"
                    : form.error()) + "; nothing was changed", "start again from the Jobs page").exception();
        }
        require(session, action);
        BulkOperation op = jobvault.bulk().start(action, form.filter(), actor(session), VIA);
        String of = ctx.formParam("matched");
        Dashboard.redirect(ctx, "/jobs/bulk/" + op.id() + (of != null && of.matches("\\d{1,9}") ? "?of=" + of : ""));
    }

    /** {@code /jobs/bulk/ID}: the operation, its progress live, and Stop while it runs. */
    void show(Context ctx, Session session) {
        Optional<BulkOperation> op = visible(ctx, session);
        if (op.isEmpty()) {
            Layout.page(ctx, session, 404, "Bulk operation not found", "jobs",
                    "<p id=\"bulk-missing\">There is no bulk operation with this id (ended ones are kept for 30 days).</p>"
                            + "<p><a href=\"/jobs\">All jobs</a></p>");
            return;
        }
        StringBuilder h = new StringBuilder();
        if ("stop".equals(ctx.queryParam("done"))) {
            h.append("<p class=\"notice\" id=\"action-done\" role=\"status\">Stopped: no further batch starts.</p>\n");
        }
        String of = ofParam(ctx);
        h.append(LiveStream.region("bulk-live", "/live/bulk/" + op.get().id() + (of == null ? "" : "?of=" + of), progress(op.get(), session, of)));
        Layout.page(ctx, session, verb(op.get().action()) + " jobs by filter", "jobs", h.toString());
    }

    /** The live region of {@code /jobs/bulk/ID}. */
    LiveStream.Region live(Context ctx, Session session) {
        Optional<BulkOperation> op = visible(ctx, session);
        if (op.isEmpty()) return new LiveStream.Region("<p id=\"bulk-missing\">This bulk operation is gone.</p>", true);
        return progress(op.get(), session, ofParam(ctx));
    }

    /** {@code POST /jobs/bulk/ID/stop}: no batch starts after the one under way; audited with "via": "dashboard". */
    void stop(Context ctx, Session session) {
        BulkOperation op = visible(ctx, session).orElseThrow(() -> Problem.of(404, "bulk-not-found", "Bulk operation not found",
                "no such bulk operation; nothing was changed", "bulk operations are listed from where they were started").exception());
        require(session, op.action());
        jobvault.bulk().stop(op.id(), actor(session), VIA);
        String of = ofParam(ctx);
        Dashboard.redirect(ctx, "/jobs/bulk/" + op.id() + "?done=stop" + (of == null ? "" : "&of=" + of));
    }

    private static LiveStream.Region progress(BulkOperation op, Session session, String of) {
        StringBuilder h = new StringBuilder();
        h.append("<dl class=\"facts\" id=\"bulk-summary\">");
        fact(h, "State", "<span id=\"bulk-state\" class=\"state state-" + op.state().wireName() + "\">" + op.state().wireName() + "</span>");
        fact(h, "Action", esc(op.action().wireName()));
        fact(h, "Filter", esc(io.jobvault.bulk.FilterJson.write(op.filter())));
        fact(h, "Matched so far", "<span id=\"bulk-matched-so-far\">" + op.matched() + "</span>");
        fact(h, "Changed", "<span id=\"bulk-done\">" + op.done() + "</span>");
        fact(h, "Started", Formats.time(op.createdAt()) + (op.actor() == null ? "" : " by " + esc(op.actor())));
        if (op.finishedAt() != null) fact(h, "Ended", Formats.time(op.finishedAt()));
        h.append("</dl>\n");
        long total = of == null ? 0 : Long.parseLong(of);
        boolean running = op.state() == BulkOperation.State.RUNNING;
        if (total > 0 || !running) {
            long max = running ? Math.max(total, op.matched()) : Math.max(1, op.matched());
            long value = running ? Math.min(op.matched(), max) : max;
            h.append("<p><progress id=\"bulk-progress\" max=\"").append(max).append("\" value=\"").append(value).append("\">")
                    .append(value * 100 / max).append("%</progress> <span class=\"muted\">").append(op.matched()).append(" of ")
                    .append(running ? "about " + max : op.matched()).append(" matched jobs gone through</span></p>\n");
        }
        if (running && may(session, op.action())) {
            h.append("<form method=\"post\" action=\"/jobs/bulk/").append(op.id()).append("/stop").append(of == null ? "" : "?of=" + of)
                    .append("\" class=\"inline\">").append(Layout.csrfField(session))
                    .append("<button type=\"submit\" id=\"bulk-stop\" class=\"danger\">Stop</button></form>\n");
        }
        h.append("<p><a href=\"/jobs").append(esc(filterLink(op))).append("\" id=\"bulk-jobs\">The jobs of this filter</a></p>\n");
        return new LiveStream.Region(h.toString(), !running);
    }

    /** The Jobs page's query for the operation's filter (the fields the page has). */
    private static String filterLink(BulkOperation op) {
        StringBuilder q = new StringBuilder();
        var f = op.filter();
        if (f.state() != null) q.append("&state=").append(f.state().dbName());
        if (f.queue() != null) q.append("&queue=").append(Html.query(f.queue()));
        if (f.type() != null) q.append("&type=").append(Html.query(f.type()));
        if (f.tenant() != null) q.append("&tenant=").append(Html.query(f.tenant()));
        if (f.label() != null) q.append("&label=").append(Html.query(f.label().toString()));
        return q.isEmpty() ? "" : "?" + q.substring(1);
    }

    private static void fact(StringBuilder h, String name, String valueHtml) {
        h.append("<div><dt>").append(name).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }

    /** The operation in the path, if it exists and the session may see it (a tenant-bound one: its tenant's only). */
    private Optional<BulkOperation> visible(Context ctx, Session session) {
        UUID id = JobsPage.parseId(ctx.pathParam("id"));
        if (id == null) return Optional.empty();
        String tenant = session.caller().tenant();
        return jobvault.bulk().get(id).filter(op -> tenant == null || tenant.equals(op.filter().tenant()));
    }

    /** The preview's count the progress bar measures against (the operation itself learns its total as it goes). */
    private static String ofParam(Context ctx) {
        String of = ctx.queryParam("of");
        return of != null && of.matches("\\d{1,9}") && !of.equals("0") ? of : null;
    }

    private static BulkAction parse(String action) {
        try {
            return action == null ? null : BulkAction.parse(action);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** As for one job: submit to retry or cancel, admin to delete. */
    private static boolean may(Session session, BulkAction action) {
        return session.can(action == BulkAction.DELETE ? Scope.ADMIN : Scope.SUBMIT);
    }

    private static void require(Session session, BulkAction action) {
        if (!may(session, action)) {
            Scope scope = action == BulkAction.DELETE ? Scope.ADMIN : Scope.SUBMIT;
            throw Problem.of(403, "forbidden", "Forbidden", "this sign-in's token lacks the '" + scope.wireName()
                    + "' scope; nothing was changed", "sign in with a token that has it").exception();
        }
    }

    private static String actor(Session session) {
        return "token:" + session.caller().tokenId();
    }

    private static String verb(BulkAction a) {
        String w = a.wireName();
        return w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1);
    }

    private static String explain(BulkAction a) {
        return switch (a) {
            case RETRY -> "Dead and cancelled jobs among them run again with a fresh attempt budget; others are left alone.";
            case CANCEL -> "Waiting jobs among them end cancelled and running ones are interrupted; finished ones are left alone.";
            case DELETE -> "They are deleted with their history and artifacts, whatever their state. This cannot be undone.";
        };
    }
}
