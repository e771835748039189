package io.jobvault.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.JobFilter;
import io.jobvault.Jobvault;
import io.jobvault.json.Json;
import io.jobvault.store.JobStore;
import io.jobvault.store.WriteFailure;
import java.util.Optional;

/**
 * {@code /health/live} (the process answers) and {@code /health/ready} (the store answers, and how fast, and this
 * node's writes to it work), which {@code /health} answers too. Writes are judged by the outcome of the node's last
 * write, not by a write per request: a node under load writes all the time, and an idle one proves it every few
 * seconds (node heartbeat, or the probe its node alerts make while writes fail).
 */
final class HealthApi {
    private final Jobvault jobvault;
    private final JobStore store;

    HealthApi(Jobvault jobvault, JobStore store) {
        this.jobvault = jobvault;
        this.store = store;
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
        Optional<WriteFailure> failing = store.writeFailure();
        if (failing.isPresent()) {
            ctx.status(503).header("Retry-After", "5");
            ObjectNode body = Json.MAPPER.createObjectNode().put("status", "not ready");
            storeStatus(body, failing);
            body.put("hint", failing.get().diskFull()
                    ? "the disk of the store is full: free space or grow the filesystem; writes resume by themselves"
                    : "the store answers reads but refuses writes: check the database and its disk; the server retries by itself");
            JobsApi.json(ctx, body);
            return;
        }
        var body = Json.MAPPER.createObjectNode().put("status", "ready");
        storeStatus(body, failing).put("latencyMs", Math.round(ms * 100) / 100.0);
        JobsApi.json(ctx, body);
    }

    /**
     * The store's part of a health answer: {@code up}, or {@code cannot write} with the database's reason and whether
     * the disk is full.
     */
    static ObjectNode storeStatus(ObjectNode body, Optional<WriteFailure> failing) {
        ObjectNode s = body.putObject("store");
        if (failing.isEmpty()) return s.put("status", "up");
        return s.put("status", "cannot write").put("cause", failing.get().cause()).put("diskFull", failing.get().diskFull());
    }
}
