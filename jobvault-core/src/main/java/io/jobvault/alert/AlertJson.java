package io.jobvault.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.json.Json;

/** The JSON of an alert message, as webhooks receive it and {@code GET /v1/alerts} lists it. */
public final class AlertJson {
    private AlertJson() {}

    public static ObjectNode of(Alert a) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("id", a.id()).put("key", a.key()).put("rule", a.rule())
                .put("severity", a.severity().name()).put("status", a.open() ? "raised" : "resolved")
                .put("title", a.title()).put("message", a.message()).put("hint", a.hint());
        ObjectNode ctx = o.putObject("context");
        a.context().forEach(ctx::put);
        o.put("raisedAt", a.raisedAt().toString());
        if (a.resolvedAt() != null) o.put("resolvedAt", a.resolvedAt().toString());
        if (a.acknowledged()) o.put("acknowledgedBy", a.acknowledgedBy()).put("acknowledgedAt", a.acknowledgedAt().toString());
        return o;
    }
}
