package io.jobvault.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.json.Json;
import java.time.Instant;
import java.util.UUID;

/** A {@link JobFilter} as the JSON a bulk operation stores and answers with: only the fields that are set. */
public final class FilterJson {
    private FilterJson() {}

    public static ObjectNode toNode(JobFilter f) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (f.state() != null) n.put("state", f.state().dbName());
        if (f.queue() != null) n.put("queue", f.queue());
        if (f.type() != null) n.put("type", f.type());
        if (f.tenant() != null) n.put("tenant", f.tenant());
        if (f.label() != null) n.put("label", f.label().toString());
        if (f.createdFrom() != null) n.put("createdFrom", f.createdFrom().toString());
        if (f.createdTo() != null) n.put("createdTo", f.createdTo().toString());
        if (f.finishedFrom() != null) n.put("finishedFrom", f.finishedFrom().toString());
        if (f.finishedTo() != null) n.put("finishedTo", f.finishedTo().toString());
        if (f.id() != null) n.put("id", f.id().toString());
        return n;
    }

    public static String write(JobFilter f) {
        return toNode(f).toString();
    }

    /** Reads what {@link #write} wrote. */
    public static JobFilter read(String json) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a stored filter: " + json, e);
        }
        return new JobFilter(n.hasNonNull("state") ? JobState.fromDbName(n.get("state").asText()) : null,
                text(n, "queue"), text(n, "type"), text(n, "tenant"),
                n.hasNonNull("label") ? JobFilter.Label.parse(n.get("label").asText()) : null,
                instant(n, "createdFrom"), instant(n, "createdTo"), instant(n, "finishedFrom"), instant(n, "finishedTo"),
                n.hasNonNull("id") ? UUID.fromString(n.get("id").asText()) : null);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.get(field).asText()) : null;
    }
}
