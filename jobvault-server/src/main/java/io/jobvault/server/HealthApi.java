package io.jobvault.server;

import io.javalin.http.Context;
import io.jobvault.JobFilter;
import io.jobvault.Jobvault;
import io.jobvault.json.Json;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (the store answers, and how fast), which
 * {@code /health} answers too.
 */
final class HealthApi {
    private final Jobvault jobvault;

    HealthApi(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void live(Context ctx) {
        JobsApi.json(ctx, Json.MAPPER.createObjectNode().put("status", "up"));
    }

    void ready(Context ctx) {
        long t0 = System.nanoTime();
        try {
            jobvault.list(JobFilter.ALL, null, 1); // one indexed read: the cheapest round trip through the store
        } catch (RuntimeException e) {
            ctx.status(503).header("Retry-After", "5");
            JobsApi.json(ctx, Json.MAPPER.createObjectNode().put("status", "not ready")
                    .put("store", "unreachable").put("hint", "check the database; the server retries by itself"));
            return;
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        var body = Json.MAPPER.createObjectNode().put("status", "ready");
        body.putObject("store").put("status", "up").put("latencyMs", Math.round(ms * 100) / 100.0);
        JobsApi.json(ctx, body);
    }
}
