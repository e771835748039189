package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.Jobvault;
import io.jobvault.json.Json;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.InvalidScheduleException;
import io.jobvault.schedule.NoSuchScheduleException;
import io.jobvault.schedule.Rerun;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleCodec;
import io.jobvault.schedule.ScheduleInfo;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.TriggerAllResult;
import io.jobvault.schedule.TriggerResult;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /v1/schedules}: define (admin), read, pause and resume, fires with per-key coverage, manual triggers; and
 * {@code /v1/audit}. Schedules span tenants, so tenant-bound tokens cannot use these endpoints. Every change and
 * trigger is audited with the caller's token id.
 */
final class SchedulesApi {
    private static final int MAX_KEYS_LISTED = 1000;
    private static final Set<String> TRIGGER_FIELDS = Set.of("reason", "delay", "key", "fire");

    private final Jobvault jobvault;
    private final Schedules schedules;

    SchedulesApi(Jobvault jobvault) {
        this.jobvault = jobvault;
        this.schedules = jobvault.schedules();
    }

    private static Caller require(Context ctx, Scope scope) {
        return Authenticator.requireUntenanted(ctx, scope, "schedules and the audit log");
    }

    static String actor(Caller caller) {
        return "token:" + caller.tokenId();
    }

    void list(Context ctx) {
        require(ctx, Scope.READ);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        schedules.list().forEach(i -> items.add(json(i)));
        Map<String, List<String>> unreadable = schedules.unreadable();
        if (!unreadable.isEmpty()) {
            ArrayNode invalid = body.putArray("invalid"); // stored by an older version: shown so they can be fixed
            unreadable.forEach((id, problems) -> {
                ArrayNode errors = invalid.addObject().put("id", id).putArray("problems");
                problems.forEach(errors::add);
            });
        }
        JobsApi.json(ctx, body);
    }

    void get(Context ctx) {
        require(ctx, Scope.READ);
        JobsApi.json(ctx, json(find(ctx)));
    }

    void put(Context ctx) {
        Caller caller = require(ctx, Scope.ADMIN);
        String id = ctx.pathParam("id");
        JsonNode body = RequestBodies.objectOrEmpty(ctx);
        Schedule s;
        try {
            s = ScheduleCodec.fromJson(id, body);
        } catch (InvalidScheduleException e) {
            throw Problem.of(422, "invalid-schedule", "Invalid schedule", e.getMessage(),
                    "see docs/http-api.md#schedules for the fields").withErrors(e.problems()).exception();
        }
        boolean existed = schedules.exists(id);
        ScheduleInfo info;
        try {
            info = schedules.put(s, Schedules.SOURCE_API);
        } catch (InvalidScheduleException e) { // a reserved id
            throw Problem.of(422, "invalid-schedule", "Invalid schedule", e.getMessage(),
                    "see docs/http-api.md#schedules for the fields").withErrors(e.problems()).exception();
        } catch (IllegalArgumentException e) {
            throw Problem.of(409, "schedule-owned-elsewhere", "Schedule defined elsewhere", e.getMessage(),
                    "change it where it is defined").exception();
        }
        jobvault.audit(actor(caller), existed ? "schedule.update" : "schedule.create", "schedule:" + id, null, RequestBodies.text(ctx));
        ctx.status(existed ? 200 : 201);
        JobsApi.json(ctx, json(info));
    }

    void delete(Context ctx) {
        Caller caller = require(ctx, Scope.ADMIN);
        String id = ctx.pathParam("id");
        boolean deleted;
        try {
            deleted = schedules.delete(id);
        } catch (IllegalArgumentException e) {
            throw Problem.of(409, "schedule-built-in", "Built-in schedule", e.getMessage(),
                    "remove the option that adds it (e.g. --health-report) and restart; pause it to stop it meanwhile").exception();
        }
        if (!deleted) throw notFound(id);
        jobvault.audit(actor(caller), "schedule.delete", "schedule:" + id, null, null);
        ctx.status(204);
    }

    void pause(Context ctx) {
        Caller caller = require(ctx, Scope.ADMIN);
        String id = ctx.pathParam("id");
        ScheduleInfo info = orNotFound(id, () -> schedules.pause(id));
        jobvault.audit(actor(caller), "schedule.pause", "schedule:" + id, null, null);
        JobsApi.json(ctx, json(info));
    }

    void resume(Context ctx) {
        Caller caller = require(ctx, Scope.ADMIN);
        String id = ctx.pathParam("id");
        ScheduleInfo info = orNotFound(id, () -> schedules.resume(id));
        jobvault.audit(actor(caller), "schedule.resume", "schedule:" + id, null, null);
        JobsApi.json(ctx, json(info));
    }

    void fires(Context ctx) {
        require(ctx, Scope.READ);
        String id = ctx.pathParam("id");
        int limit = limit(ctx, 20, 200);
        Instant b = ApiTime.queryInstant(ctx, "before");
        List<FireCoverage> fires = orNotFound(id, () -> schedules.fires(id, b, limit));
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        fires.forEach(f -> items.add(fireJson(f)));
        if (fires.size() == limit) body.put("nextBefore", fires.getLast().fire().fireAt().toString());
        JobsApi.json(ctx, body);
    }

    void trigger(Context ctx) {
        Caller caller = require(ctx, Scope.ADMIN);
        String id = ctx.pathParam("id");
        JsonNode body = RequestBodies.objectOrEmpty(ctx);
        TriggerResult r = orNotFound(id, () -> schedules.trigger(id, actor(caller), text(body, "reason"), delay(body),
                text(body, "key"), rerun(body)));
        ctx.status(202);
        JobsApi.json(ctx, triggerJson(r));
    }

    void triggerAll(Context ctx) {
        Caller caller = require(ctx, Scope.ADMIN);
        JsonNode body = RequestBodies.objectOrEmpty(ctx);
        if (body.has("key")) throw invalid(List.of("key: only for one schedule's trigger"));
        if (body.has("fire")) throw invalid(List.of("fire: only for one schedule's trigger"));
        TriggerAllResult results;
        try {
            results = schedules.triggerAll(actor(caller), text(body, "reason"), delay(body));
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(e.getMessage()));
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode items = out.putArray("items");
        results.triggered().forEach(r -> items.add(triggerJson(r)));
        ArrayNode failed = out.putArray("failed");
        results.failed().forEach((id, problem) -> failed.addObject().put("schedule", id).put("problem", problem));
        ctx.status(202);
        JobsApi.json(ctx, out);
    }

    void audit(Context ctx) {
        require(ctx, Scope.ADMIN);
        long before = 0;
        if (ctx.queryParam("before") != null) {
            try {
                before = Long.parseLong(ctx.queryParam("before"));
            } catch (NumberFormatException e) {
                before = -1;
            }
            if (before < 1) throw JobsApi.badParam("before", "the id of an entry (the nextBefore of a previous page)");
        }
        int limit = limit(ctx, 50, Jobvault.MAX_PAGE);
        List<AuditEntry> entries = jobvault.auditLog(before, limit);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (AuditEntry e : entries) {
            ObjectNode o = items.addObject().put("id", e.id()).put("at", e.at().toString()).put("actor", e.actor())
                    .put("action", e.action()).put("target", e.target());
            if (e.reason() != null) o.put("reason", e.reason());
            if (e.details() != null) {
                try {
                    o.set("details", Json.MAPPER.readTree(e.details()));
                } catch (java.io.IOException ex) {
                    o.put("details", e.details());
                }
            }
        }
        if (entries.size() == limit) body.put("nextBefore", entries.getLast().id());
        JobsApi.json(ctx, body);
    }

    private ScheduleInfo find(Context ctx) {
        String id = ctx.pathParam("id");
        return schedules.get(id).orElseThrow(() -> notFound(id));
    }

    private static <T> T orNotFound(String id, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchScheduleException e) {
            throw notFound(id);
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(e.getMessage()));
        }
    }

    private static ProblemException notFound(String id) {
        return Problem.of(404, "schedule-not-found", "Schedule not found", "there is no schedule '" + ApiIds.abbreviate(id) + "'",
                "GET /v1/schedules lists them").exception();
    }

    private static ProblemException invalid(List<String> problems) {
        return Problem.of(422, "invalid-request", "Invalid request", String.join("; ", problems),
                "see docs/http-api.md#schedules").withErrors(problems).exception();
    }

    private static String text(JsonNode body, String field) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TRIGGER_FIELDS.contains(f)) throw invalid(List.of(f + ": unknown field"));
        }
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw invalid(List.of(field + ": must be a string"));
        return v.textValue();
    }

    private static Duration delay(JsonNode body) {
        String d = text(body, "delay");
        if (d == null) return null;
        List<String> errors = new ArrayList<>();
        Duration parsed = ApiTime.field("delay", d, Duration.ZERO, Schedules.MAX_TRIGGER_DELAY, errors);
        if (parsed == null) throw invalid(errors);
        return parsed;
    }

    /** {@code fire}: a fire time to re-run, {@code latest-missed} (the default) or {@code none} (a fresh run). */
    private static Rerun rerun(JsonNode body) {
        String f = text(body, "fire");
        if (f == null || f.equals("latest-missed")) return Rerun.LATEST_MISSED;
        if (f.equals("none")) return Rerun.NONE;
        List<String> errors = new ArrayList<>();
        Instant at = ApiTime.instantField("fire", f, errors);
        if (at == null) throw invalid(List.of("fire: a fire time such as 2026-11-24T05:00:00Z, latest-missed or none; "
                + String.join("; ", errors)));
        return Rerun.of(at);
    }

    private static int limit(Context ctx, int dflt, int max) {
        String l = ctx.queryParam("limit");
        if (l == null) return dflt;
        try {
            int n = Integer.parseInt(l);
            if (n >= 1 && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw JobsApi.badParam("limit", "an integer within 1.." + max);
    }

    static ObjectNode json(ScheduleInfo i) {
        ObjectNode o = ScheduleCodec.toJson(i.schedule());
        o.put("paused", i.paused()).put("nextFireAt", i.nextFireAt().toString());
        if (i.lastFireAt() != null) o.put("lastFireAt", i.lastFireAt().toString());
        o.put("source", i.source()).put("createdAt", i.createdAt().toString()).put("updatedAt", i.updatedAt().toString());
        return o;
    }

    static ObjectNode fireJson(FireCoverage c) {
        var f = c.fire();
        ObjectNode o = Json.MAPPER.createObjectNode().put("fireAt", f.fireAt().toString()).put("kind", f.kind())
                .put("status", f.status());
        if (f.reason() != null) o.put("reason", f.reason());
        if (f.triggeredBy() != null) o.put("triggeredBy", f.triggeredBy());
        if (f.rerunOf() != null) o.put("rerunOf", f.rerunOf().toString());
        if (f.deadlineAt() != null) o.put("deadlineAt", f.deadlineAt().toString());
        if (f.overdueAt() != null) o.put("overdueAt", f.overdueAt().toString());
        ObjectNode cov = o.putObject("coverage").put("expected", c.expected()).put("complete", c.complete());
        keys(cov, "succeeded", c.succeeded());
        keys(cov, "running", c.running());
        keys(cov, "failed", c.failed());
        keys(cov, "neverRan", c.neverRan());
        keys(cov, "expired", c.expired());
        return o;
    }

    /** A count, and the keys themselves up to a limit (fan-outs can be large). */
    private static void keys(ObjectNode cov, String name, List<String> keys) {
        ObjectNode k = cov.putObject(name).put("count", keys.size());
        ArrayNode list = k.putArray("keys");
        keys.stream().limit(MAX_KEYS_LISTED).forEach(list::add);
        if (keys.size() > MAX_KEYS_LISTED) k.put("truncated", true);
    }

    private static ObjectNode triggerJson(TriggerResult r) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("schedule", r.scheduleId()).put("fireAt", r.fireAt().toString())
                .put("runAt", r.runAt().toString());
        ArrayNode jobs = o.putArray("jobs");
        r.jobs().forEach(id -> jobs.add(id.toString()));
        if (r.rerunOf() != null) o.put("rerunOf", r.rerunOf().toString());
        return o;
    }
}
