package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;
import static io.jobvault.server.dashboard.Html.query;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.json.Json;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleCodec;
import io.jobvault.schedule.ScheduleInfo;
import io.jobvault.schedule.Schedules;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.FireRow;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /schedules} and {@code /schedules/{id}}: every schedule with its next and last fire and how its newest fire
 * went (missed, skipped, failed keys, overdue, the scheduler behind), and one schedule's definition and fires with
 * per-key coverage, paged by fire time as {@code GET /v1/schedules/{id}/fires} is. The reads are the API's
 * ({@link Schedules}); a fire's coverage reads that fire's jobs by the fire index, never the jobs table at large.
 * Admin sign-ins get the trigger, pause and resume forms ({@link ScheduleActions}); schedules span tenants, so a
 * tenant-bound sign-in sees none of it, as the API refuses it.
 */
final class SchedulesPage {
    /** Fires a detail page shows at a time (each reads its jobs: a fan-out fire has one per key). */
    static final int FIRES_PAGE = 10;
    /** Keys listed by name per outcome; past this, a count. */
    private static final int KEYS_SHOWN = 50;
    /** A schedule whose next fire is this far past without being handled is flagged as behind. */
    static final Duration BEHIND_AFTER = Duration.ofMinutes(1);
    private static final Map<String, String> DONE = Map.of("pause", "Paused: its fires wait until it is resumed.",
            "resume", "Resumed: fires missed meanwhile follow its misfire policy.",
            "trigger", "Triggered: the run is enqueued and recorded as a manual fire below.");

    private final Jobvault jobvault;
    private final Schedules schedules;

    SchedulesPage(Jobvault jobvault) {
        this.jobvault = jobvault;
        this.schedules = jobvault.schedules();
    }

    /** Schedules span tenants: a tenant-bound sign-in gets a note instead (true: the page was written). */
    static boolean tenantBound(Context ctx, Session session) {
        if (session.caller().tenant() == null) return false;
        Layout.page(ctx, session, "Schedules", "schedules", "<p id=\"tenant-note\">Schedules are shared by every tenant, so a"
                + " sign-in bound to tenant <strong>" + esc(session.caller().tenant()) + "</strong> does not see them.</p>");
        return true;
    }

    void list(Context ctx, Session session) {
        if (tenantBound(ctx, session)) return;
        list(ctx, session, 200, null);
    }

    /** The list, with {@code error} (already worded for people) above it when a trigger-all was refused. */
    void list(Context ctx, Session session, int status, String error) {
        StringBuilder h = new StringBuilder();
        if (error != null) h.append("<p class=\"error\" id=\"action-error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        String triggered = ctx.queryParam("triggered");
        if ("all".equals(ctx.queryParam("done")) && triggered != null && triggered.matches("\\d{1,6}")) {
            h.append("<p class=\"notice\" id=\"action-done\" role=\"status\">Triggered ").append(triggered)
                    .append(" schedule(s); each run is recorded as a manual fire.</p>\n");
        }
        List<ScheduleInfo> all = schedules.list();
        Map<String, List<String>> unreadable = schedules.unreadable();
        Instant now = jobvault.clock().instant();
        if (all.isEmpty()) {
            h.append("<p id=\"no-schedules\">No schedules yet: define them with <code>PUT /v1/schedules/ID</code>, a"
                    + " schedules file or in code.</p>\n");
        } else {
            h.append("<div class=\"scroll\"><table id=\"schedules\"><thead><tr><th scope=\"col\">Schedule</th><th scope=\"col\">When</th>")
                    .append("<th scope=\"col\">Job</th><th scope=\"col\">Next fire</th><th scope=\"col\">Last fire</th>")
                    .append("<th scope=\"col\">Newest fire</th><th scope=\"col\">Flags</th></tr></thead><tbody>\n");
            for (ScheduleInfo i : all) row(h, i, now);
            h.append("</tbody></table></div>\n");
        }
        if (!unreadable.isEmpty()) {
            h.append("<section aria-labelledby=\"invalid-h\"><h2 id=\"invalid-h\">Stored but not readable</h2><ul id=\"invalid-schedules\">");
            unreadable.forEach((id, problems) -> h.append("<li><span class=\"mono\">").append(esc(id)).append("</span>: ")
                    .append(esc(String.join("; ", problems))).append("</li>"));
            h.append("</ul></section>\n");
        }
        if (session.can(Scope.ADMIN) && !all.isEmpty()) {
            h.append("<section aria-labelledby=\"trigger-all-h\"><h2 id=\"trigger-all-h\">Trigger every schedule</h2>")
                    .append("<form method=\"post\" action=\"/schedules/trigger-all\" class=\"filters\" id=\"trigger-all-form\">")
                    .append(Layout.csrfField(session)).append(reasonField("trigger-all-reason"))
                    .append("<button type=\"submit\" id=\"trigger-all\">Trigger all not paused</button></form></section>\n");
        }
        Layout.page(ctx, session, status, "Schedules", "schedules", h.toString());
    }

    private void row(StringBuilder h, ScheduleInfo i, Instant now) {
        Schedule s = i.schedule();
        Optional<FireCoverage> newest = schedules.fires(s.id(), null, 1).stream().findFirst();
        h.append("<tr id=\"schedule-").append(esc(s.id())).append("\"><th scope=\"row\"><a class=\"mono\" href=\"/schedules/")
                .append(esc(query(s.id()))).append("\">").append(esc(s.id())).append("</a></th><td class=\"mono\">")
                .append(esc(timing(s))).append("</td><td class=\"mono\">").append(esc(s.job().type())).append(" <span class=\"muted\">on ")
                .append(esc(s.job().queue())).append("</span></td><td>").append(i.paused() ? "<span class=\"muted\">paused</span>" : Formats.time(i.nextFireAt()))
                .append("</td><td>").append(Formats.time(i.lastFireAt())).append("</td><td>")
                .append(newest.map(SchedulesPage::coverageSummary).orElse("<span class=\"muted\">none yet</span>"))
                .append("</td><td>").append(flags(i, newest.orElse(null), now)).append("</td></tr>\n");
    }

    void show(Context ctx, Session session) {
        if (tenantBound(ctx, session)) return;
        show(ctx, session, 200, null);
    }

    /** One schedule, with {@code error} above it when an action on it was refused. */
    void show(Context ctx, Session session, int status, String error) {
        String id = ctx.pathParam("id");
        Optional<ScheduleInfo> found = schedules.get(id);
        if (found.isEmpty()) {
            Layout.page(ctx, session, 404, "Schedule not found", "schedules",
                    "<p id=\"schedule-missing\">There is no schedule with this id.</p><p><a href=\"/schedules\">All schedules</a></p>");
            return;
        }
        ScheduleInfo info = found.get();
        Instant before = null;
        String b = ctx.queryParam("before");
        if (b != null) {
            try {
                before = Instant.parse(b);
            } catch (DateTimeParseException e) {
                Layout.page(ctx, session, 400, "Schedule " + id, "schedules", "<p class=\"error\" id=\"fires-error\" role=\"alert\">"
                        + "That page link is not valid; <a href=\"/schedules/" + esc(query(id)) + "\">start over</a>.</p>");
                return;
            }
        }
        List<FireCoverage> fires = schedules.fires(id, before, FIRES_PAGE);
        StringBuilder h = new StringBuilder();
        if (error != null) h.append("<p class=\"error\" id=\"action-error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        String done = DONE.get(String.valueOf(ctx.queryParam("done")));
        if (done != null) h.append("<p class=\"notice\" id=\"action-done\" role=\"status\">").append(esc(done)).append("</p>\n");
        Instant now = jobvault.clock().instant();
        summary(h, info, before == null && !fires.isEmpty() ? fires.getFirst() : null, now);
        if (session.can(Scope.ADMIN)) ScheduleActions.forms(h, info, session);
        firesTable(h, id, fires, before, session.can(Scope.ADMIN) ? session : null);
        h.append("<section aria-labelledby=\"definition-h\"><h2 id=\"definition-h\">Definition</h2><pre class=\"json\" id=\"schedule-definition\">")
                .append(esc(pretty(ScheduleCodec.toJson(info.schedule())))).append("</pre></section>\n");
        Layout.page(ctx, session, status, "Schedule " + id, "schedules", h.toString());
    }

    private static void summary(StringBuilder h, ScheduleInfo i, FireCoverage newest, Instant now) {
        Schedule s = i.schedule();
        h.append("<dl class=\"facts\" id=\"schedule-summary\">");
        fact(h, "When", "<span class=\"mono\">" + esc(timing(s)) + "</span>");
        fact(h, "Job", "<span class=\"mono\">" + esc(s.job().type()) + "</span> on " + esc(s.job().queue()));
        fact(h, "State", i.paused() ? "<span class=\"badge\" id=\"schedule-paused\">paused</span>" : "<span id=\"schedule-active\">active</span>");
        fact(h, "Next fire", "<span id=\"schedule-next\">" + Formats.time(i.nextFireAt()) + "</span>");
        fact(h, "Last fire", "<span id=\"schedule-last\">" + Formats.time(i.lastFireAt()) + "</span>");
        fact(h, "Keys", s.keySource() != null ? "from job type <span class=\"mono\">" + esc(s.keySource()) + "</span>"
                : s.keys().isEmpty() ? "one job a fire" : s.keys().size() + " (one job each)");
        fact(h, "Misfire, overlap", esc(s.misfire().apiName()) + ", " + esc(s.overlap().apiName()));
        fact(h, "Deadline", s.deadline() == null ? "none" : esc(s.deadline()));
        fact(h, "Defined by", esc(i.source()));
        fact(h, "Flags", "<span id=\"schedule-flags\">" + flags(i, newest, now) + "</span>");
        h.append("</dl>\n");
    }

    private static void fact(StringBuilder h, String name, String valueHtml) {
        h.append("<div><dt>").append(esc(name)).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }

    /** The fires, each with its re-run form when {@code admin} is given and the fire missed keys. */
    private void firesTable(StringBuilder h, String id, List<FireCoverage> fires, Instant before, Session admin) {
        h.append("<section aria-labelledby=\"fires-h\"><h2 id=\"fires-h\">Fires</h2>\n");
        if (fires.isEmpty()) {
            h.append("<p id=\"no-fires\">").append(before == null ? "No fires yet." : "No older fires.").append("</p>");
        } else {
            h.append("<div class=\"scroll\"><table id=\"fires\"><thead><tr><th scope=\"col\">Fire time</th><th scope=\"col\">Kind</th>")
                    .append("<th scope=\"col\">Status</th><th scope=\"col\">Coverage</th><th scope=\"col\">Keys not succeeded</th>")
                    .append("<th scope=\"col\">Reason</th><th scope=\"col\">By</th>").append(admin == null ? "" : "<th scope=\"col\"></th>")
                    .append("</tr></thead><tbody>\n");
            for (FireCoverage c : fires) {
                FireRow f = c.fire();
                h.append("<tr class=\"fire\" id=\"fire-").append(f.fireAt().toEpochMilli()).append('-').append(esc(f.kind())).append("\"><td>")
                        .append(Formats.time(f.fireAt())).append("</td><td>").append(esc(f.kind()))
                        .append(f.rerunOf() == null ? "" : "<br><span class=\"muted small\">re-runs " + Formats.time(f.rerunOf()) + "</span>")
                        .append("</td><td>").append(esc(f.status()))
                        .append(f.overdueAt() == null ? "" : " <span class=\"badge error-text\">overdue</span>")
                        .append("</td><td>").append(coverageSummary(c)).append("</td><td class=\"small\">").append(missedKeys(c))
                        .append("</td><td>").append(esc(f.reason())).append("</td><td class=\"mono small\">").append(esc(f.triggeredBy()))
                        .append(admin == null ? "" : "</td><td>" + ScheduleActions.rerunForm(id, c, admin)).append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        h.append("<p class=\"pager\">");
        if (before != null) h.append("<a id=\"fires-newest\" href=\"/schedules/").append(esc(query(id))).append("\">« Newest</a>");
        if (fires.size() == FIRES_PAGE) {
            h.append("<a id=\"fires-older\" href=\"/schedules/").append(esc(query(id))).append("?before=")
                    .append(esc(query(fires.getLast().fire().fireAt().toString()))).append("\">Older »</a>");
        }
        h.append("</p></section>\n");
    }

    /** "3/4 succeeded, 1 running": a fire's keys by outcome. */
    static String coverageSummary(FireCoverage c) {
        StringBuilder s = new StringBuilder("<span class=\"coverage\">");
        s.append(c.succeeded().size()).append('/').append(c.expected()).append(" succeeded");
        if (!c.running().isEmpty()) s.append(", ").append(c.running().size()).append(" running");
        if (!c.failed().isEmpty()) s.append(", <span class=\"error-text\">").append(c.failed().size()).append(" failed</span>");
        if (!c.neverRan().isEmpty()) s.append(", <span class=\"error-text\">").append(c.neverRan().size()).append(" never ran</span>");
        if (!c.expired().isEmpty()) s.append(", ").append(c.expired().size()).append(" expired");
        return s.append("</span>").toString();
    }

    /** The keys that failed or never ran, by name up to {@link #KEYS_SHOWN} each ({@code ""} is the one key of a plain fire). */
    private static String missedKeys(FireCoverage c) {
        StringBuilder s = new StringBuilder();
        keys(s, "failed", c.failed());
        keys(s, "never ran", c.neverRan());
        return s.toString();
    }

    private static void keys(StringBuilder s, String what, List<String> keys) {
        if (keys.isEmpty() || keys.equals(List.of(""))) return;
        s.append(s.isEmpty() ? "" : "<br>").append(esc(what)).append(": <span class=\"mono\">");
        keys.stream().limit(KEYS_SHOWN).forEach(k -> s.append(esc(k)).append(' '));
        s.append("</span>");
        if (keys.size() > KEYS_SHOWN) s.append("and ").append(keys.size() - KEYS_SHOWN).append(" more");
    }

    /**
     * What needs a look: the newest fire missed its time, was skipped, has failed keys or is overdue; the schedule's
     * next fire is past by more than {@link #BEHIND_AFTER} while it is not paused (no node is firing it).
     */
    static String flags(ScheduleInfo i, FireCoverage newest, Instant now) {
        StringBuilder f = new StringBuilder();
        if (newest != null) {
            FireRow fire = newest.fire();
            if (fire.status().equals("missed") || fire.kind().equals("catch-up")) flag(f, "missed", "missed its time");
            if (fire.status().equals("skipped")) flag(f, "skipped", "skipped (overlap)");
            if (!newest.failed().isEmpty()) flag(f, "failed", newest.failed().size() + " key(s) failed");
            if (fire.overdueAt() != null && !newest.complete()) flag(f, "overdue", "overdue");
        }
        if (!i.paused() && i.nextFireAt().plus(BEHIND_AFTER).isBefore(now)) flag(f, "behind", "behind: next fire is past");
        return f.isEmpty() ? "<span class=\"muted\">—</span>" : f.toString();
    }

    private static void flag(StringBuilder f, String id, String text) {
        f.append("<span class=\"badge error-text flag-").append(id).append("\">").append(esc(text)).append("</span> ");
    }

    static String timing(Schedule s) {
        String zone = s.zone().getId().equals("Z") || s.zone().getId().equals("UTC") ? "" : " (" + s.zone().getId() + ")";
        return (s.timing() instanceof io.jobvault.schedule.Timing.Interval ? "every " : "cron ") + s.timing().text() + zone;
    }

    private static String pretty(com.fasterxml.jackson.databind.JsonNode json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json.toString();
        }
    }

    /** The form field every trigger needs: why, for the audit log. */
    static String reasonField(String id) {
        return "<label for=\"" + id + "\">Reason</label><input type=\"text\" id=\"" + id + "\" name=\"reason\" required"
                + " maxlength=\"1000\" placeholder=\"why, for the audit log\">";
    }
}
