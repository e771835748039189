package io.jobvault.server;

import io.javalin.Javalin;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Tokens;
import io.jobvault.server.dashboard.Dashboard;
import io.jobvault.server.dashboard.DashboardServices;
import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The HTTP API in front of one Jobvault node. Every answer comes from the store, so any server on the same store
 * answers for any job. Start with {@link #start}; {@link #close()} stops HTTP, then the node (gracefully).
 */
public final class JobvaultServer implements AutoCloseable {
    private final JobStore store;
    private final Jobvault jobvault;
    private final Tokens tokens;
    private final Javalin http;

    private JobvaultServer(JobStore store, Jobvault jobvault, Tokens tokens, Javalin http) {
        this.store = store;
        this.jobvault = jobvault;
        this.tokens = tokens;
        this.http = http;
    }

    /**
     * Opens the store, starts a node on it ({@code node} adds queues and job types to its builder) and serves the
     * API on {@code config.host():config.port()}.
     */
    public static JobvaultServer start(ServerConfig config, Consumer<JobvaultBuilder> node) {
        JobStore store = JobStoreProvider.require(config.database()).open(config.database());
        Jobvault jobvault = null;
        try {
            JobWaiters waiters = new JobWaiters();
            JobvaultBuilder builder = Jobvault.builder().store(store);
            node.accept(builder);
            ServerMetrics metrics = new ServerMetrics();
            io.jobvault.server.worker.SubmitSignal submits = new io.jobvault.server.worker.SubmitSignal();
            jobvault = builder.listener(waiters).listener(submits).meterRegistry(metrics.registry).build();
            Tokens tokens = new Tokens(store, jobvault.clock(), config.adminToken());
            io.jobvault.server.auth.ReadTokens readTokens = new io.jobvault.server.auth.ReadTokens(
                    store.metaGetOrInit("read_token_secret", io.jobvault.id.JobIds.newSecret()), jobvault.clock());
            Authenticator auth = new Authenticator(tokens, readTokens);
            io.jobvault.server.browser.Cors cors = new io.jobvault.server.browser.Cors(config.corsOrigins(), config.corsAllEndpoints());
            ArtifactLinks links = new ArtifactLinks(store.metaGetOrInit("artifact_link_secret", io.jobvault.id.JobIds.newSecret()),
                    jobvault.clock());
            ArtifactsApi artifacts = new ArtifactsApi(jobvault, links);
            Set<String> alwaysKnown = new HashSet<>(config.jobTypes());
            alwaysKnown.addAll(jobvault.jobTypes()); // this node's own handlers, before its first heartbeat records them
            KnownTypes knownTypes = new KnownTypes(store, jobvault.livenessClock(), alwaysKnown, jobvault.nodeTimeout(), config.acceptUnknownTypes());
            JobsApi jobs = new JobsApi(jobvault, waiters, links, knownTypes, readTokens);
            JobEventsApi events = new JobEventsApi(jobvault, waiters, links);
            WorkersApi workers = new WorkersApi(jobvault, new io.jobvault.server.worker.LeaseTokens(
                    store.metaGetOrInit("lease_token_secret", io.jobvault.id.JobIds.newSecret())), submits, metrics.registry, knownTypes);
            HealthApi health = new HealthApi(jobvault, store);
            AdminHealthApi adminHealth = new AdminHealthApi(jobvault, store);
            SchedulesApi schedules = new SchedulesApi(jobvault);
            BulkApi bulk = new BulkApi(jobvault);
            QueuesApi queues = new QueuesApi(jobvault);
            AlertsApi alerts = new AlertsApi(jobvault);
            StatsApi stats = new StatsApi(jobvault);
            HealthReportApi report = new HealthReportApi(jobvault);
            DashboardServices dashboard = new DashboardServices(jobvault, store, tokens,
                    store.metaGetOrInit("dashboard_session_secret", io.jobvault.id.JobIds.newSecret()), links::signedPath,
                    ctx -> events.stream(ctx, JobJson::progress), () -> adminHealth.snapshot(true));
            Javalin http = Javalin.create(c -> {
                c.jetty.host = config.host();
                c.jetty.port = config.port();
                c.http.maxRequestSize = config.maxBody();
                c.concurrency.useVirtualThreads = true; // ?wait=30s holds a cheap virtual thread, not a platform one
                c.startup.showJavalinBanner = false;
                c.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
                ProblemRenderer.register(c.routes);
                c.routes.get("/health/live", health::live);
                c.routes.get("/health/ready", health::ready);
                c.routes.get("/health", health::ready); // the short name load balancers and runbooks use: readiness
                c.routes.get("/metrics", metrics::scrape);
                c.routes.get("/v1/health", adminHealth::health);
                c.routes.get("/v1/openapi.json", OpenApi::serve);
                c.routes.before("/v1/*", cors::headers); // first, so a 401 reaches the page too
                c.routes.before("/v1/*", auth::authenticate);
                c.routes.options("/v1/*", cors::preflight);
                c.routes.post("/v1/jobs", jobs::submit);
                c.routes.post("/v1/jobs/bulk", bulk::start); // before /v1/jobs/{id}/…: "bulk" is no job id
                c.routes.get("/v1/jobs/bulk/{id}", bulk::get);
                c.routes.post("/v1/jobs/bulk/{id}/stop", bulk::stop);
                c.routes.get("/v1/queues", queues::list);
                c.routes.post("/v1/queues/{queue}/pause", queues::pause);
                c.routes.post("/v1/queues/{queue}/resume", queues::resume);
                c.routes.get("/v1/jobs", jobs::list);
                c.routes.get("/v1/jobs/{id}", jobs::get);
                c.routes.post("/v1/jobs/{id}/cancel", jobs::cancel);
                c.routes.post("/v1/jobs/{id}/retry", jobs::retry);
                c.routes.post("/v1/jobs/{id}/run-now", jobs::runNow);
                c.routes.post("/v1/jobs/{id}/read-token", jobs::readToken);
                c.routes.get("/v1/jobs/{id}/attempts", jobs::attempts);
                c.routes.get("/v1/jobs/{id}/events", events::stream);
                c.routes.get("/v1/jobs/{id}/artifacts/{name}", artifacts::download);
                c.routes.put("/v1/jobs/{id}/artifacts/{name}", workers::upload);
                c.routes.post("/v1/workers/claim", workers::claim);
                c.routes.post("/v1/workers/types", workers::declareTypes);
                c.routes.post("/v1/jobs/{id}/heartbeat", workers::heartbeat);
                c.routes.post("/v1/jobs/{id}/complete", workers::complete);
                c.routes.post("/v1/jobs/{id}/fail", workers::fail);
                c.routes.delete("/v1/jobs/{id}", jobs::delete);
                c.routes.get("/v1/schedules", schedules::list);
                c.routes.post("/v1/schedules/trigger-all", schedules::triggerAll);
                c.routes.get("/v1/schedules/{id}", schedules::get);
                c.routes.put("/v1/schedules/{id}", schedules::put);
                c.routes.delete("/v1/schedules/{id}", schedules::delete);
                c.routes.post("/v1/schedules/{id}/pause", schedules::pause);
                c.routes.post("/v1/schedules/{id}/resume", schedules::resume);
                c.routes.post("/v1/schedules/{id}/trigger", schedules::trigger);
                c.routes.get("/v1/schedules/{id}/fires", schedules::fires);
                c.routes.get("/v1/audit", schedules::audit);
                c.routes.get("/v1/alerts", alerts::list);
                c.routes.post("/v1/alerts/{id}/acknowledge", alerts::acknowledge);
                c.routes.get("/v1/stats", stats::stats);
                c.routes.get("/v1/health/report", report::report);
                Dashboard.register(c.routes, config.dashboard(), dashboard);
            }).start();
            return new JobvaultServer(store, jobvault, tokens, http);
        } catch (RuntimeException e) {
            if (jobvault != null) jobvault.close();
            store.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public Jobvault jobvault() {
        return jobvault;
    }

    public Tokens tokens() {
        return tokens;
    }

    /** Stops HTTP, then the node (gracefully), then the store. */
    @Override
    public void close() {
        try {
            http.stop();
            jobvault.close();
        } finally {
            store.close();
        }
    }
}
