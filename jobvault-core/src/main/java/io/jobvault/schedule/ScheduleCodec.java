package io.jobvault.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.TimeBounds;
import io.jobvault.json.Json;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A schedule's definition as JSON — how it is stored and how the HTTP API and schedules files give it. Reading names
 * every problem at once ({@link InvalidScheduleException}).
 */
public final class ScheduleCodec {
    private static final Set<String> FIELDS = Set.of("id", "cron", "every", "zone", "job", "misfire", "catchUpWindow",
            "overlap", "deadline", "rerunWhenOverdue", "keys", "keySource", "maxSkipsInARow");
    private static final Set<String> JOB_FIELDS = Set.of("type", "payload", "queue", "priority", "maxAttempts", "timeout",
            "concurrencyKey", "concurrencyLimit");

    private ScheduleCodec() {}

    public static ObjectNode toJson(Schedule s) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("id", s.id());
        if (s.timing() instanceof Timing.Interval i) o.put("every", i.text());
        else o.put("cron", s.timing().text());
        o.put("zone", s.zone().getId());
        ObjectNode job = o.putObject("job").put("type", s.job().type());
        try {
            job.set("payload", Json.MAPPER.readTree(s.job().payload()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored payload is not JSON", e);
        }
        job.put("queue", s.job().queue()).put("priority", s.job().priority());
        if (s.job().maxAttempts() != null) job.put("maxAttempts", s.job().maxAttempts());
        if (s.job().timeout() != null) job.put("timeout", s.job().timeout().toString());
        if (s.job().concurrencyKey() != null) {
            job.put("concurrencyKey", s.job().concurrencyKey()).put("concurrencyLimit", s.job().concurrencyLimit());
        }
        o.put("misfire", s.misfire().apiName()).put("catchUpWindow", s.catchUpWindow().toString())
                .put("overlap", s.overlap().apiName());
        if (s.deadline() != null) o.put("deadline", s.deadline().toString());
        o.put("rerunWhenOverdue", s.rerunWhenOverdue());
        ArrayNode keys = o.putArray("keys");
        s.keys().forEach(keys::add);
        if (s.keySource() != null) o.put("keySource", s.keySource());
        o.put("maxSkipsInARow", s.maxSkipsInARow());
        return o;
    }

    public static String write(Schedule s) {
        return Json.write(toJson(s));
    }

    public static Schedule read(String json) {
        try {
            return fromJson(null, Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new InvalidScheduleException(List.of("not valid JSON: " + e.getMessage()));
        }
    }

    /** @param id the schedule's id when given apart from the body (the URL); a body "id" must then match */
    public static Schedule fromJson(String id, JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) throw new InvalidScheduleException(List.of("the schedule must be a JSON object"));
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) problems.add(f + ": unknown field");
        }
        String bodyId = text(body, "id", problems);
        if (id != null && bodyId != null && !id.equals(bodyId)) problems.add("id: " + bodyId + " differs from the URL's " + id);
        String theId = id != null ? id : bodyId;
        Timing timing = null;
        String cron = text(body, "cron", problems);
        Duration every = duration(body, "every", problems);
        if ((cron == null) == (every == null)) problems.add("cron / every: give exactly one of them");
        try {
            if (cron != null) timing = Timing.cron(cron);
            else if (every != null) timing = Timing.every(every);
        } catch (IllegalArgumentException e) {
            problems.add((cron != null ? "cron: " : "every: ") + e.getMessage());
        }
        ZoneId zone = ZoneId.of("UTC");
        String z = text(body, "zone", problems);
        if (z != null) {
            try {
                zone = ZoneId.of(z);
            } catch (java.time.DateTimeException e) {
                problems.add("zone: unknown time zone " + z + " (use an IANA name such as Europe/Berlin)");
            }
        }
        JobTemplate job = job(body.get("job"), problems);
        Schedule.Builder b = Schedule.builder(theId, timing, job).zone(zone);
        String misfire = text(body, "misfire", problems);
        if (misfire != null) {
            try {
                b.misfire(MisfirePolicy.fromApiName(misfire));
            } catch (IllegalArgumentException e) {
                problems.add("misfire: must be catch-up, run-once or skip, was " + misfire);
            }
        }
        String overlap = text(body, "overlap", problems);
        if (overlap != null) {
            try {
                b.overlap(OverlapPolicy.fromApiName(overlap));
            } catch (IllegalArgumentException e) {
                problems.add("overlap: must be allow, skip or cancel-previous, was " + overlap);
            }
        }
        Duration window = duration(body, "catchUpWindow", problems);
        if (window != null) b.catchUpWindow(window);
        b.deadline(duration(body, "deadline", problems));
        JsonNode rerun = body.get("rerunWhenOverdue");
        if (rerun != null && !rerun.isNull()) {
            if (rerun.isBoolean()) b.rerunWhenOverdue(rerun.booleanValue());
            else problems.add("rerunWhenOverdue: must be true or false");
        }
        JsonNode keys = body.get("keys");
        if (keys != null && !keys.isNull()) {
            if (!keys.isArray()) problems.add("keys: must be an array of strings");
            else {
                List<String> list = new ArrayList<>();
                for (JsonNode k : keys) {
                    if (!k.isTextual()) {
                        problems.add("keys: every key must be a string");
                        break;
                    }
                    list.add(k.textValue());
                }
                b.keys(list);
            }
        }
        b.keySource(text(body, "keySource", problems));
        JsonNode skips = body.get("maxSkipsInARow");
        if (skips != null && !skips.isNull()) {
            if (skips.isIntegralNumber() && skips.canConvertToInt()) b.maxSkipsInARow(skips.intValue());
            else problems.add("maxSkipsInARow: must be an integer");
        }
        if (!problems.isEmpty()) throw new InvalidScheduleException(problems);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException(List.of(e.getMessage().split("; ")));
        }
    }

    private static JobTemplate job(JsonNode job, List<String> problems) {
        if (job == null || !job.isObject()) {
            problems.add("job: required, an object with at least \"type\"");
            return null;
        }
        for (Iterator<String> it = job.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!JOB_FIELDS.contains(f)) problems.add("job." + f + ": unknown field");
        }
        String type = text(job, "type", problems);
        if (type == null) problems.add("job.type: required");
        JsonNode payload = job.get("payload");
        String queue = text(job, "queue", problems);
        Integer priority = integer(job, "priority", problems);
        Integer maxAttempts = integer(job, "maxAttempts", problems);
        Duration timeout = duration(job, "timeout", problems);
        String concurrencyKey = text(job, "concurrencyKey", problems);
        Integer concurrencyLimit = integer(job, "concurrencyLimit", problems);
        if (type == null) return null;
        return new JobTemplate(type, payload == null || payload.isNull() ? "{}" : Json.write(payload), queue,
                priority == null ? 0 : priority, maxAttempts, timeout, concurrencyKey, concurrencyLimit);
    }

    private static String text(JsonNode o, String field, List<String> problems) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) {
            problems.add(field + ": must be a string");
            return null;
        }
        return v.textValue();
    }

    private static Integer integer(JsonNode o, String field, List<String> problems) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            problems.add("job." + field + ": must be an integer");
            return null;
        }
        return v.intValue();
    }

    private static Duration duration(JsonNode o, String field, List<String> problems) {
        String s = text(o, field, problems);
        if (s == null) return null;
        Duration d = TimeBounds.parseDuration(s);
        if (d == null) problems.add(field + ": must be a duration such as PT15M, P1D, 15m or 1d, was " + s);
        return d;
    }
}
