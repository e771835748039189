package io.jobvault.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.QueueInfo;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;

/**
 * {@code /v1/queues}: each known queue's depth, running jobs and latency, and pausing a queue across the cluster.
 * Queues span tenants, so these need a token without a tenant; pausing needs admin.
 */
final class QueuesApi {
    private final Jobvault jobvault;

    QueuesApi(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void list(Context ctx) {
        Authenticator.requireUntenanted(ctx, Scope.READ, "queues");
        ObjectNode body = Json.MAPPER.createObjectNode();
        var items = body.putArray("items");
        for (QueueInfo q : jobvault.queueInfos()) items.add(json(q));
        JobsApi.json(ctx, body);
    }

    void pause(Context ctx) {
        Caller caller = Authenticator.requireUntenanted(ctx, Scope.ADMIN, "queues");
        String queue = queueName(ctx);
        boolean changed = jobvault.pauseQueue(queue);
        if (changed) jobvault.audit(SchedulesApi.actor(caller), "queue.pause", "queue:" + queue, null, null);
        answer(ctx, queue);
    }

    void resume(Context ctx) {
        Caller caller = Authenticator.requireUntenanted(ctx, Scope.ADMIN, "queues");
        String queue = queueName(ctx);
        boolean changed = jobvault.resumeQueue(queue);
        if (changed) jobvault.audit(SchedulesApi.actor(caller), "queue.resume", "queue:" + queue, null, null);
        answer(ctx, queue);
    }

    private void answer(Context ctx, String queue) {
        QueueInfo info = jobvault.queueInfos().stream().filter(q -> q.name().equals(queue)).findFirst()
                .orElseGet(() -> new QueueInfo(queue, jobvault.pausedQueues().get(queue), 0, 0, 0, java.time.Duration.ZERO));
        JobsApi.json(ctx, json(info));
    }

    private static String queueName(Context ctx) {
        String queue = ctx.pathParam("queue");
        if (!queue.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw Problem.of(400, "bad-queue", "Bad queue name", "'" + ApiIds.abbreviate(queue) + "' is not a queue name",
                    "queue names match [a-z0-9][a-z0-9._-]{0,63}, as in POST /v1/jobs").exception();
        }
        return queue;
    }

    static ObjectNode json(QueueInfo q) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", q.name()).put("paused", q.paused());
        if (q.pausedAt() != null) n.put("pausedAt", q.pausedAt().toString());
        n.put("depth", q.available()).put("running", q.running()).put("scheduled", q.scheduled());
        n.put("latencySeconds", q.latency().toMillis() / 1000.0);
        return n;
    }
}
