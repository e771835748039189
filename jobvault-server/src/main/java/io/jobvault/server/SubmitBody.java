package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.InvalidJobRequestException;
import io.jobvault.JobRequest;
import io.jobvault.TimeBounds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the body of {@code POST /v1/jobs} (as {@link RequestBodies} parsed it) strictly: unknown fields, wrong types and
 * invalid values are a 422 naming every bad field. Field names mirror {@link JobRequest}.
 */
final class SubmitBody {
    static final Set<String> FIELDS = Set.of("type", "payload", "queue", "priority", "runAt", "delay", "maxAttempts",
            "timeout", "idempotencyKey", "uniqueKey", "retention", "labels", "tenant", "concurrencyKey", "concurrencyLimit");

    private SubmitBody() {}

    /** @param callerTenant the tenant the caller's token is bound to, or null (then the body may name one) */
    static JobRequest parse(ObjectNode obj, String callerTenant, String idempotencyHeader) {
        List<String> errors = new ArrayList<>();
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) errors.add(f + ": unknown field (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
        }
        String type = text(obj, "type", errors);
        String tenant = text(obj, "tenant", errors);
        if (callerTenant != null && tenant != null && !tenant.equals(callerTenant)) {
            errors.add("tenant: this token is bound to another tenant; leave tenant out");
        }
        JobRequest.Builder b = JobRequest.builder(type == null && !obj.has("type") ? null : type)
                .tenant(callerTenant != null ? callerTenant : tenant);
        if (type == null && !obj.has("type")) errors.add("type: required");
        JsonNode payload = obj.get("payload");
        if (payload != null && !payload.isNull()) b.payload(payload.toString());
        String queue = text(obj, "queue", errors);
        if (queue != null) b.queue(queue);
        Integer priority = integer(obj, "priority", errors);
        if (priority != null) b.priority(priority);
        String runAt = text(obj, "runAt", errors);
        if (runAt != null) b.runAt(ApiTime.instantField("runAt", runAt, errors));
        duration(obj, "delay", Duration.ZERO, errors, b::delay);
        Integer maxAttempts = integer(obj, "maxAttempts", errors);
        if (maxAttempts != null) b.maxAttempts(maxAttempts);
        duration(obj, "timeout", Duration.ofMillis(1), errors, b::timeout);
        duration(obj, "retention", Duration.ZERO, errors, b::retention);
        String key = text(obj, "idempotencyKey", errors);
        if (idempotencyHeader != null && key != null && !idempotencyHeader.equals(key)) {
            errors.add("idempotencyKey: differs from the Idempotency-Key header; send one of them");
        }
        b.idempotencyKey(idempotencyHeader != null ? idempotencyHeader : key);
        b.uniqueKey(text(obj, "uniqueKey", errors));
        String concurrencyKey = text(obj, "concurrencyKey", errors);
        Integer concurrencyLimit = integer(obj, "concurrencyLimit", errors);
        if (concurrencyKey != null && concurrencyLimit == null && !obj.hasNonNull("concurrencyLimit")) {
            errors.add("concurrencyLimit: required with a concurrencyKey (how many of the key's jobs may run at once)");
        } else if (concurrencyKey == null && concurrencyLimit != null) {
            errors.add("concurrencyLimit: needs a concurrencyKey to limit");
        } else if (concurrencyKey != null && concurrencyLimit != null) {
            b.concurrencyKey(concurrencyKey, concurrencyLimit);
        }
        JsonNode labels = obj.get("labels");
        if (labels != null && !labels.isNull()) {
            if (!labels.isObject()) {
                errors.add("labels: must be an object of strings");
            } else {
                for (Map.Entry<String, JsonNode> e : labels.properties()) {
                    if (e.getValue().isTextual()) b.label(e.getKey(), e.getValue().asText());
                    else errors.add("labels." + e.getKey() + ": must be a string");
                }
            }
        }
        try {
            JobRequest request = b.build();
            if (errors.isEmpty()) return request;
        } catch (InvalidJobRequestException e) {
            for (String p : e.problems()) {
                if (errors.stream().noneMatch(x -> x.startsWith(p.substring(0, p.indexOf(':') + 1)))) errors.add(p);
            }
        }
        throw Problem.of(422, "invalid-job", "Invalid job request", errors.size() + " field(s) are invalid",
                "fix the fields named in errors and send the request again").withErrors(errors).exception();
    }

    private static String text(ObjectNode obj, String field, List<String> errors) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isTextual()) {
            errors.add(field + ": must be a string");
            return null;
        }
        return n.asText();
    }

    private static Integer integer(ObjectNode obj, String field, List<String> errors) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) return null;
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            errors.add(field + ": must be an integer");
            return null;
        }
        return n.asInt();
    }

    private static void duration(ObjectNode obj, String field, Duration min, List<String> errors, Consumer<Duration> set) {
        String t = text(obj, field, errors);
        if (t == null) return;
        Duration d = ApiTime.field(field, t, min, TimeBounds.LONGEST, errors);
        if (d != null) set.accept(d);
    }
}
