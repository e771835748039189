package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;
import static io.jobvault.server.dashboard.Html.query;

import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.NoSuchScheduleException;
import io.jobvault.schedule.Rerun;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleInfo;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.TriggerAllResult;
import io.jobvault.server.Problem;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.FireRow;

/**
 * The schedule buttons: trigger one key or all with a reason, trigger every schedule, pause, resume — the engine calls
 * {@code POST /v1/schedules/{id}/trigger|pause|resume} and {@code /v1/schedules/trigger-all} make, with their checks
 * (admin, bound to no tenant; a reason of 1..1000 characters; a key the schedule has) and their audit entries, which
 * carry {@code "via": "dashboard"}. A refused trigger shows the page again with what was wrong.
 */
final class ScheduleActions {
    /** Keys offered by name in the trigger form; a longer fan-out (or a key source) gets a text field instead. */
    private static final int KEYS_OFFERED = 500;

    private final Jobvault jobvault;
    private final Schedules schedules;
    private final SchedulesPage page;

    ScheduleActions(Jobvault jobvault, SchedulesPage page) {
        this.jobvault = jobvault;
        this.schedules = jobvault.schedules();
        this.page = page;
    }

    /** The forms of a schedule's page, for an admin session (the handlers check again). */
    static void forms(StringBuilder h, ScheduleInfo info, Session session) {
        Schedule s = info.schedule();
        String path = "/schedules/" + esc(query(s.id()));
        h.append("<section aria-labelledby=\"trigger-h\" id=\"schedule-actions\"><h2 id=\"trigger-h\">Run it now</h2>")
                .append("<form method=\"post\" action=\"").append(path).append("/trigger\" class=\"filters\" id=\"trigger-form\">")
                .append(Layout.csrfField(session)).append(SchedulesPage.reasonField("trigger-reason"));
        if (!s.keys().isEmpty() || s.keySource() != null) {
            h.append("<label for=\"trigger-key\">Key</label>");
            if (s.keySource() == null && s.keys().size() <= KEYS_OFFERED) {
                h.append("<select id=\"trigger-key\" name=\"key\"><option value=\"\">every key</option>");
                for (String k : s.keys()) h.append("<option value=\"").append(esc(k)).append("\">").append(esc(k)).append("</option>");
                h.append("</select>");
            } else {
                h.append("<input type=\"text\" id=\"trigger-key\" name=\"key\" maxlength=\"200\" placeholder=\"empty: every key\">");
            }
        }
        h.append("<label for=\"trigger-fire\">Runs</label><select id=\"trigger-fire\" name=\"fire\">")
                .append("<option value=\"latest-missed\">again for the newest fire that missed (else fresh)</option>")
                .append("<option value=\"none\">fresh, for no fire</option></select>")
                .append("<button type=\"submit\" id=\"trigger\">Trigger</button></form>\n<p>");
        String action = info.paused() ? "resume" : "pause";
        h.append("<form method=\"post\" action=\"").append(path).append('/').append(action).append("\" class=\"inline\">")
                .append(Layout.csrfField(session)).append("<button type=\"submit\" id=\"schedule-").append(action).append("\">")
                .append(info.paused() ? "Resume" : "Pause").append("</button></form></p></section>\n");
    }

    void trigger(Context ctx, Session session) {
        String id = scheduleId(ctx, session);
        String key = ctx.formParam("key");
        Rerun rerun;
        try {
            rerun = rerun(ctx.formParam("fire"));
        } catch (java.time.format.DateTimeParseException e) {
            page.show(ctx, session, 422, "Not triggered: fire: not a fire time.");
            return;
        }
        try {
            schedules.trigger(id, actor(session), ctx.formParam("reason"), null, key == null || key.isEmpty() ? null : key, rerun,
                    JobActions.VIA);
        } catch (NoSuchScheduleException e) {
            page.show(ctx, session, 404, null); // answers as the page of a schedule that does not exist
            return;
        } catch (IllegalArgumentException e) {
            page.show(ctx, session, 422, "Not triggered: " + e.getMessage() + ".");
            return;
        }
        Dashboard.redirect(ctx, "/schedules/" + query(id) + "?done=trigger");
    }

    void triggerAll(Context ctx, Session session) {
        check(session);
        TriggerAllResult r;
        try {
            r = schedules.triggerAll(actor(session), ctx.formParam("reason"), null, JobActions.VIA);
        } catch (IllegalArgumentException e) {
            page.list(ctx, session, 422, "Nothing triggered: " + e.getMessage() + ".");
            return;
        }
        if (!r.failed().isEmpty()) {
            page.list(ctx, session, 200, "Triggered " + r.triggered().size() + "; these could not be: "
                    + String.join("; ", r.failed().entrySet().stream().map(f -> f.getKey() + ": " + f.getValue()).toList()) + ".");
            return;
        }
        Dashboard.redirect(ctx, "/schedules?done=all&triggered=" + r.triggered().size());
    }

    void pause(Context ctx, Session session) {
        String id = scheduleId(ctx, session);
        if (!changed(() -> schedules.pause(id))) {
            page.show(ctx, session, 404, null);
            return;
        }
        jobvault.audit(actor(session), "schedule.pause", "schedule:" + id, null, JobActions.VIA_DASHBOARD);
        Dashboard.redirect(ctx, "/schedules/" + query(id) + "?done=pause");
    }

    void resume(Context ctx, Session session) {
        String id = scheduleId(ctx, session);
        if (!changed(() -> schedules.resume(id))) {
            page.show(ctx, session, 404, null);
            return;
        }
        jobvault.audit(actor(session), "schedule.resume", "schedule:" + id, null, JobActions.VIA_DASHBOARD);
        Dashboard.redirect(ctx, "/schedules/" + query(id) + "?done=resume");
    }

    /** {@code fire}: {@code none} (a fresh run), a fire's time (re-run that fire), else the newest fire that missed. */
    private static Rerun rerun(String fire) {
        if (fire == null || fire.isEmpty() || fire.equals("latest-missed")) return Rerun.LATEST_MISSED;
        if (fire.equals("none")) return Rerun.NONE;
        return Rerun.of(java.time.Instant.parse(fire));
    }

    /**
     * A fire's re-run form, for a scheduled or catch-up fire some of whose keys failed or never ran: that fire's keys
     * run again, counted toward its coverage (the trigger's {@code fire}), with a reason.
     */
    static String rerunForm(String scheduleId, FireCoverage c, Session session) {
        FireRow f = c.fire();
        boolean scheduled = f.kind().equals("scheduled") || f.kind().equals("catch-up");
        if (!scheduled || (c.failed().isEmpty() && c.neverRan().isEmpty() && c.expired().isEmpty())) return "";
        return triggerForm(scheduleId, f.fireAt().toString(), "rerun-" + f.fireAt().toEpochMilli(), "Re-run", session);
    }

    /**
     * A one-button trigger of a schedule with a reason: {@code fire} as the trigger form's (a fire's time re-runs that
     * fire, {@code latest-missed} the newest that missed, {@code none} a fresh run). Also the Health page's buttons.
     */
    static String triggerForm(String scheduleId, String fire, String id, String label, Session session) {
        return "<form method=\"post\" action=\"/schedules/" + esc(query(scheduleId)) + "/trigger\" class=\"inline rerun\" id=\"" + esc(id)
                + "-form\">" + Layout.csrfField(session) + "<input type=\"hidden\" name=\"fire\" value=\"" + esc(fire) + "\">"
                + "<input type=\"text\" name=\"reason\" required maxlength=\"1000\" aria-label=\"Reason to " + esc(label.toLowerCase(java.util.Locale.ROOT))
                + "\" placeholder=\"reason\" size=\"12\"> <button type=\"submit\" id=\"" + esc(id) + "\">" + esc(label) + "</button></form>";
    }

    /** Runs a pause or resume; false when the schedule does not exist. */
    private static boolean changed(Runnable action) {
        try {
            action.run();
            return true;
        } catch (NoSuchScheduleException e) {
            return false;
        }
    }

    /** The schedule named in the path, once the session may act on schedules. */
    private static String scheduleId(Context ctx, Session session) {
        check(session);
        return ctx.pathParam("id");
    }

    /** As the API: an admin token bound to no tenant (403 otherwise, and nothing changes). */
    private static void check(Session session) {
        if (!session.can(Scope.ADMIN) || session.caller().tenant() != null) {
            throw Problem.of(403, "forbidden", "Forbidden", "triggering, pausing and resuming schedules needs an admin token"
                    + " bound to no tenant; nothing was changed", "sign in with such a token").exception();
        }
    }

    private static String actor(Session session) {
        return "token:" + session.caller().tokenId();
    }
}
