package io.jobvault.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.FinishedRuns;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.engine.LivenessClock;
import io.jobvault.id.JobIds;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.JobStore;
import io.jobvault.store.PruneBacklog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v1/health} (admin): the store's status and latency, unfinished jobs per queue and state, the oldest
 * available job's age, success rates over the last hour and day (of jobs created in that window), running jobs per
 * node, how far pruning is behind, and the version. Every figure comes from the store, so every node reports the same —
 * but for the answering node's own: its name, its time, and how far its clock is from the database's.
 */
final class AdminHealthApi {
    static final String VERSION = Jobvault.VERSION;
    /** Finished jobs past retention are counted up to this many (a bounded range of the expiry index). */
    static final int PRUNE_BACKLOG_COUNTED = 100_000;

    private final Jobvault jobvault;
    private final JobStore store;

    AdminHealthApi(Jobvault jobvault, JobStore store) {
        this.jobvault = jobvault;
        this.store = store;
    }

    void health(Context ctx) {
        if (Authenticator.require(ctx, Scope.ADMIN).tenant() != null) {
            throw Problem.of(403, "forbidden", "Forbidden", "a token bound to a tenant cannot see the whole store",
                    "use an admin token that is not bound to a tenant").exception();
        }
        JobsApi.json(ctx, snapshot(false));
    }

    /**
     * The answer of {@code GET /v1/health}. {@code countersOnly} (the dashboard's page, loaded again and again): success
     * rates from the per-minute run counters — runs that ended in the window, not jobs created in it — and pruning's lag
     * from one probe of the expiry index, without the count of jobs waiting; no read counts jobs.
     */
    ObjectNode snapshot(boolean countersOnly) {
        Instant now = jobvault.clock().instant();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("version", VERSION).put("node", jobvault.nodeId()).put("time", now.toString());
        clock(body.putObject("clock"), jobvault.livenessClock());
        long t0 = System.nanoTime();
        Map<String, Map<JobState, Long>> unfinished = store.jobsCountUnfinished();
        double latencyMs = Math.round((System.nanoTime() - t0) / 1e4) / 100.0;
        HealthApi.storeStatus(body, store.writeFailure()).put("latencyMs", latencyMs);
        nodeIdLock(body.putObject("nodeIdLock"), jobvault.nodeIdLost());

        ObjectNode queues = body.putObject("queues");
        Map<String, Instant> paused = jobvault.pausedQueues();
        unfinished.forEach((queue, byState) -> {
            ObjectNode q = queues.putObject(queue);
            for (JobState s : new JobState[] {JobState.SCHEDULED, JobState.AVAILABLE, JobState.RUNNING, JobState.RETRYING}) {
                q.put(s.dbName(), byState.getOrDefault(s, 0L));
            }
            q.put("paused", paused.containsKey(queue));
        });
        ObjectNode pausedQueues = body.putObject("pausedQueues"); // a paused queue's jobs wait on every node
        paused.forEach((queue, since) -> pausedQueues.put(queue, since.toString()));
        store.jobsOldestAvailableRunAt().ifPresentOrElse(
                t -> body.put("oldestAvailableAgeSeconds", Math.max(0, Duration.between(t, now).toMillis()) / 1000.0),
                () -> body.putNull("oldestAvailableAgeSeconds"));
        ObjectNode rates = body.putObject("successRate");
        if (countersOnly) {
            List<FinishedRuns> runs = jobvault.throughput(now.minus(Duration.ofDays(1)), null);
            runs(rates.putObject("lastHour"), runs, now.minus(Duration.ofHours(1)));
            runs(rates.putObject("lastDay"), runs, now.minus(Duration.ofDays(1)));
        } else {
            window(rates.putObject("lastHour"), now.minus(Duration.ofHours(1)));
            window(rates.putObject("lastDay"), now.minus(Duration.ofDays(1)));
        }
        body.putObject("artifacts").put("missing", store.artifactsMissingCount());
        PruneBacklog backlog = store.jobsPruneBacklog(now, countersOnly ? 1 : PRUNE_BACKLOG_COUNTED);
        ObjectNode pruning = body.putObject("pruning");
        if (!countersOnly) pruning.put("waiting", backlog.waiting());
        pruning.put("lagSeconds", backlog.oldestExpiry() == null ? 0
                : Math.max(0, Duration.between(backlog.oldestExpiry(), now).toMillis()) / 1000.0);
        store.leaderOf("maintenance").ifPresent(leader -> body.put("maintenanceLeader", leader));
        ObjectNode nodes = body.putObject("runningByNode");
        store.jobsRunningByNode().forEach(nodes::put);
        return body;
    }

    /** Runs that ended since {@code since}, by how, from the per-minute figures ({@code runs}: oldest minute first). */
    private static void runs(ObjectNode n, List<FinishedRuns> runs, Instant since) {
        Map<FinishedRuns.Outcome, Long> c = new java.util.EnumMap<>(FinishedRuns.Outcome.class);
        for (FinishedRuns r : runs) if (!r.minute().isBefore(since)) c.merge(r.outcome(), r.count(), Long::sum);
        rates(n, c.getOrDefault(FinishedRuns.Outcome.SUCCEEDED, 0L), c.getOrDefault(FinishedRuns.Outcome.DEAD, 0L),
                c.getOrDefault(FinishedRuns.Outcome.CANCELLED, 0L));
    }

    private static void rates(ObjectNode n, long ok, long dead, long cancelled) {
        n.put("succeeded", ok).put("dead", dead).put("cancelled", cancelled);
        if (ok + dead > 0) n.put("rate", Math.round(10000.0 * ok / (ok + dead)) / 10000.0);
        else n.putNull("rate");
    }

    /**
     * This node's hold on its node id: {@code "held"}, or {@code "lost"} with {@code since} and {@code cause} — the node
     * claims no jobs then ({@code claiming} says so).
     */
    static void nodeIdLock(ObjectNode n, java.util.Optional<io.jobvault.engine.NodeIdHold.Lost> lost) {
        lost.ifPresentOrElse(l -> n.put("status", "lost").put("since", l.since().toString()).put("cause", l.cause())
                .put("claiming", false), () -> n.put("status", "held").put("claiming", true));
    }

    /**
     * Which clock leases and node liveness follow ({@code database} on PostgreSQL, else {@code node}), and how far this
     * node's clock is ahead of the database's (negative: behind; null where liveness follows the node's own clock).
     * {@code skewed}: more than {@link LivenessClock#SKEW_LIMIT} off; its leases are safe, its run-at times are not.
     */
    private static void clock(ObjectNode n, LivenessClock liveness) {
        n.put("liveness", liveness.followsDatabase() ? "database" : "node");
        Optional<Duration> skew = liveness.skew();
        if (skew.isPresent()) n.put("skewSeconds", skew.get().toMillis() / 1000.0);
        else n.putNull("skewSeconds");
        n.put("skewed", skew.isPresent() && LivenessClock.beyondLimit(skew.get()));
    }

    /**
     * Of the newest million jobs created since {@code since}, those that finished: how many succeeded, died, were
     * cancelled (bounded work however busy the day was).
     */
    private void window(ObjectNode n, Instant since) {
        Map<JobState, Long> c = new java.util.EnumMap<>(JobState.class);
        for (var f : store.jobsFinishedCountsSince(JobIds.lowerBound(since), 1_000_000)) c.merge(f.state(), f.count(), Long::sum);
        rates(n, c.getOrDefault(JobState.SUCCEEDED, 0L), c.getOrDefault(JobState.DEAD, 0L), c.getOrDefault(JobState.CANCELLED, 0L));
    }
}
