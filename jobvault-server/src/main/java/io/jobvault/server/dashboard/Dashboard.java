package io.jobvault.server.dashboard;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.jobvault.server.Problem;
import io.jobvault.server.auth.Authenticator;
import java.util.Optional;

/**
 * The dashboard: server-rendered pages at {@code /} beside the API at {@code /v1}, for operators signed in with an API
 * token (see {@link Sessions}). Every page reads through the node and store the API uses; every action checks the
 * session, the request's origin and CSRF token, and the token's scope, as the API checks a bearer token.
 */
public final class Dashboard {
    private final Sessions sessions;
    private final LoginPage login;
    private final OverviewPage overview;
    private final JobsPage jobs;
    private final JobPage job;
    private final JobActions actions;
    private final BulkPage bulk;
    private final QueuesPage queues;
    private final AuditPage audit;
    private final SchedulesPage schedules;
    private final ScheduleActions scheduleActions;
    private final AlertsPage alerts;
    private final NodesPage nodes;
    private final HealthPage health;
    private final Assets assets = new Assets();
    private final Handler jobEvents;

    private Dashboard(DashboardSettings settings, DashboardServices services) {
        this.sessions = new Sessions(services.sessionSecret(), services.tokens(), services.jobvault().clock(), settings.sessionLength());
        this.login = new LoginPage(services.tokens(), sessions);
        this.overview = new OverviewPage(services.jobvault(), services.store());
        this.jobs = new JobsPage(services.jobvault());
        this.job = new JobPage(services.jobvault(), new Redaction(settings.redactKeys()), services.artifactLink());
        this.actions = new JobActions(services.jobvault());
        this.bulk = new BulkPage(services.jobvault());
        this.queues = new QueuesPage(services.jobvault());
        this.audit = new AuditPage(services.jobvault());
        this.schedules = new SchedulesPage(services.jobvault());
        this.scheduleActions = new ScheduleActions(services.jobvault(), schedules);
        this.alerts = new AlertsPage(services.jobvault());
        this.nodes = new NodesPage(services.jobvault(), services.store());
        this.health = new HealthPage(services.health(), new DailyReport(services.jobvault()));
        this.jobEvents = services.jobEvents();
    }

    /** Adds the dashboard's routes; with the dashboard off, adds none (its paths answer 404). */
    public static void register(RoutesConfig routes, DashboardSettings settings, DashboardServices services) {
        if (!settings.enabled()) return;
        Dashboard d = new Dashboard(settings, services);
        routes.get(Assets.CSS, d.assets::serve);
        routes.get(Assets.SCRIPT, d.assets::serve);
        routes.get(Assets.HTMX, d.assets::serve);
        routes.get(Assets.UPLOT, d.assets::serve);
        routes.get(Assets.UPLOT_CSS, d.assets::serve);
        routes.get("/login", d.login::show);
        routes.post("/login", d.login::signIn);
        routes.post("/logout", d.login::signOut);
        routes.get("/", d.page(d.overview::show));
        routes.get("/live/overview", d.live(d.overview::live));
        routes.get("/jobs", d.page(d.jobs::show));
        routes.get("/jobs/bulk", d.page(d.bulk::preview)); // before /jobs/{id}: "bulk" is no job id
        routes.post("/jobs/bulk", d.action(d.bulk::start));
        routes.get("/jobs/bulk/{id}", d.page(d.bulk::show));
        routes.post("/jobs/bulk/{id}/stop", d.action(d.bulk::stop));
        routes.get("/live/bulk/{id}", d.live(d.bulk::live));
        routes.get("/jobs/{id}", d.page(d.job::show));
        routes.get("/jobs/{id}/events", d::events);
        routes.post("/jobs/{id}/cancel", d.action(d.actions::cancel));
        routes.post("/jobs/{id}/retry", d.action(d.actions::retry));
        routes.post("/jobs/{id}/delete", d.action(d.actions::delete));
        routes.post("/jobs/{id}/run-now", d.action(d.actions::runNow));
        routes.get("/queues", d.page(d.queues::show));
        routes.get("/live/queues", d.live(d.queues::live));
        routes.post("/queues/{queue}/pause", d.action(d.queues::pause));
        routes.post("/queues/{queue}/resume", d.action(d.queues::resume));
        routes.get("/audit", d.page(d.audit::show));
        routes.get("/schedules", d.page(d.schedules::list));
        routes.post("/schedules/trigger-all", d.action(d.scheduleActions::triggerAll));
        routes.get("/schedules/{id}", d.page(d.schedules::show));
        routes.post("/schedules/{id}/trigger", d.action(d.scheduleActions::trigger));
        routes.post("/schedules/{id}/pause", d.action(d.scheduleActions::pause));
        routes.post("/schedules/{id}/resume", d.action(d.scheduleActions::resume));
        routes.get("/alerts", d.page(d.alerts::show));
        routes.get("/live/alerts", d.live(d.alerts::live));
        routes.post("/alerts/{id}/acknowledge", d.action(d.alerts::acknowledge));
        routes.get("/nodes", d.page(d.nodes::show));
        routes.get("/live/nodes", d.live(d.nodes::live));
        routes.get(HealthPage.PATH, d.page(d.health::show));
    }

    /** A page handler that is given the session. */
    @FunctionalInterface
    interface SessionHandler {
        void handle(Context ctx, Session session) throws Exception;
    }

    /** Pages: without a valid session (none, expired, tampered with, or its token revoked), off to the sign-in page. */
    private Handler page(SessionHandler h) {
        return ctx -> {
            Optional<Session> session = sessions.of(ctx);
            if (session.isEmpty()) {
                if (Sessions.cookie(ctx, Sessions.COOKIE) != null) Sessions.signOut(ctx); // a dead cookie is cleared
                redirect(ctx, "/login");
                return;
            }
            h.handle(ctx, session.get());
        };
    }

    /** Actions: a session (401 without), a request from this site carrying its CSRF token (403 otherwise). */
    private Handler action(SessionHandler h) {
        return ctx -> {
            Session session = sessions.of(ctx).orElseThrow(() -> Problem.of(401, "unauthorized", "Unauthorized",
                    "this dashboard action needs a signed-in session; nothing was changed", "sign in at /login").exception());
            CsrfGuard.check(ctx, session.csrf());
            h.handle(ctx, session);
        };
    }

    /** A live region's updates (see {@link LiveStream}): 401 without a session. */
    private Handler live(LiveStream.View view) {
        return ctx -> LiveStream.serve(ctx, () -> sessions.of(ctx), view);
    }

    /** A job's live progress for its page: the API's event stream, answering as the session's token. */
    private void events(Context ctx) throws Exception {
        Session session = sessions.of(ctx).orElseThrow(() -> Problem.of(401, "unauthorized", "Unauthorized",
                "the event stream needs a signed-in session", "sign in at /login").exception());
        Authenticator.attach(ctx, session.caller());
        jobEvents.handle(ctx);
    }

    /** 303 See Other: after a POST the browser GETs the target. */
    static void redirect(Context ctx, String location) {
        ctx.status(303).header("Location", location).header("Cache-Control", "no-store");
    }
}
