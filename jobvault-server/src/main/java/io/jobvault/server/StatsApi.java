package io.jobvault.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.FinishedRuns;
import io.jobvault.JobCount;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v1/stats}: jobs by state, by queue and state, by type and state, and runs ended per minute over the last
 * hour and day. Read from counters and per-minute figures the store keeps as jobs change, never by counting jobs, so it
 * answers as fast at ten million jobs as at ten. A tenant-bound token sees its tenant's figures only.
 */
final class StatsApi {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    private final Jobvault jobvault;

    StatsApi(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void stats(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.READ);
        String tenant = ctx.queryParam("tenant");
        boolean othersTenant = caller.tenant() != null && tenant != null && !tenant.equals(caller.tenant());
        if (caller.tenant() != null) tenant = caller.tenant();
        Instant now = jobvault.clock().instant();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant dayFrom = minute.minus(DAY).plus(Duration.ofMinutes(1));
        Instant hourFrom = minute.minus(HOUR).plus(Duration.ofMinutes(1));
        // another tenant's jobs do not exist for this caller: it sees zeros, as for a tenant without jobs
        List<JobCount> counts = othersTenant ? List.of() : jobvault.counts(tenant);
        List<FinishedRuns> runs = othersTenant ? List.of() : jobvault.throughput(dayFrom, tenant);

        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("at", now.toString());
        if (tenant != null) body.put("tenant", tenant);
        else body.putNull("tenant");
        ObjectNode states = body.putObject("states");
        for (JobState s : JobState.values()) states.put(s.dbName(), 0L);
        Map<String, ObjectNode> byQueue = new TreeMap<>();
        Map<String, ObjectNode> byType = new TreeMap<>();
        for (JobCount c : counts) {
            String state = c.state().dbName();
            states.put(state, states.get(state).asLong() + c.count());
            add(byQueue.computeIfAbsent(c.queue(), q -> zeroStates()), state, c.count());
            add(byType.computeIfAbsent(c.type(), t -> zeroStates()), state, c.count());
        }
        byQueue.forEach(body.putObject("queues")::set);
        byType.forEach(body.putObject("types")::set);
        ObjectNode throughput = body.putObject("throughput");
        throughput.set("lastHour", series(runs, hourFrom));
        throughput.set("lastDay", series(runs, dayFrom));
        JobsApi.json(ctx, body);
    }

    /** Runs from {@code from} on: per minute (only minutes in which runs ended), and in total per queue. */
    private static ObjectNode series(List<FinishedRuns> runs, Instant from) {
        ObjectNode series = Json.MAPPER.createObjectNode();
        series.put("from", from.toString());
        ObjectNode totals = series.putObject("totals");
        for (FinishedRuns.Outcome o : FinishedRuns.Outcome.values()) totals.put(o.dbName(), 0L);
        ArrayNode minutes = series.putArray("minutes");
        Map<String, ObjectNode> byQueue = new TreeMap<>();
        ObjectNode point = null;
        for (FinishedRuns r : runs) { // by minute
            if (r.minute().isBefore(from)) continue;
            if (point == null || !point.get("minute").asText().equals(r.minute().toString())) {
                point = minutes.addObject().put("minute", r.minute().toString());
                for (FinishedRuns.Outcome o : FinishedRuns.Outcome.values()) point.put(o.dbName(), 0L);
            }
            String outcome = r.outcome().dbName();
            add(point, outcome, r.count());
            add(totals, outcome, r.count());
            add(byQueue.computeIfAbsent(r.queue(), q -> zeroOutcomes()), outcome, r.count());
        }
        byQueue.forEach(series.putObject("queues")::set);
        return series;
    }

    private static ObjectNode zeroStates() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (JobState s : JobState.values()) n.put(s.dbName(), 0L);
        return n;
    }

    private static ObjectNode zeroOutcomes() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (FinishedRuns.Outcome o : FinishedRuns.Outcome.values()) n.put(o.dbName(), 0L);
        return n;
    }

    private static void add(ObjectNode counts, String key, long n) {
        counts.put(key, counts.get(key).asLong() + n);
    }
}
