package io.jobvault.server;

import io.javalin.Javalin;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;

/**
 * The HTTP API in front of one Jobvault node. Every answer comes from the store, so any server on the same store
 * answers for any job. Start with {@link #start}; {@link #close()} stops HTTP, then the node (gracefully).
 */
public final class JobvaultServer implements AutoCloseable {
    /** Bodies past this are refused with 413 before they are read whole. */
    public static final long DEFAULT_MAX_BODY = 1024 * 1024;

    private final Jobvault jobvault;
    private final Javalin http;

    private JobvaultServer(Jobvault jobvault, Javalin http) {
        this.jobvault = jobvault;
        this.http = http;
    }

    /** Builds the node from {@code builder} (adding the server's listener) and serves it on {@code host:port} (0: any free port). */
    public static JobvaultServer start(JobvaultBuilder builder, String host, int port, long maxBody) {
        JobWaiters waiters = new JobWaiters();
        Jobvault jobvault = builder.listener(waiters).build();
        try {
            JobsApi jobs = new JobsApi(jobvault, waiters);
            HealthApi health = new HealthApi(jobvault);
            Javalin http = Javalin.create(config -> {
                config.jetty.host = host;
                config.jetty.port = port;
                config.http.maxRequestSize = maxBody;
                config.concurrency.useVirtualThreads = true; // ?wait=30s holds a cheap virtual thread, not a platform one
                config.startup.showJavalinBanner = false;
                config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
                ProblemRenderer.register(config.routes);
                config.routes.get("/health/live", health::live);
                config.routes.get("/health/ready", health::ready);
                config.routes.post("/v1/jobs", jobs::submit);
                config.routes.get("/v1/jobs", jobs::list);
                config.routes.get("/v1/jobs/{id}", jobs::get);
                config.routes.post("/v1/jobs/{id}/cancel", jobs::cancel);
                config.routes.post("/v1/jobs/{id}/retry", jobs::retry);
                config.routes.get("/v1/jobs/{id}/attempts", jobs::attempts);
            }).start();
            return new JobvaultServer(jobvault, http);
        } catch (RuntimeException e) {
            jobvault.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    public Jobvault jobvault() {
        return jobvault;
    }

    @Override
    public void close() {
        http.stop();
        jobvault.close();
    }
}
