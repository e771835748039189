package io.jobvault.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.json.Json;
import java.time.Instant;
import java.util.List;

/** The API's JSON shape of jobs and attempts. Payload and result are embedded as JSON, not as strings. */
final class JobJson {
    private JobJson() {}

    static ObjectNode job(Job j) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", j.id().toString());
        n.put("type", j.type());
        n.put("queue", j.queue());
        n.put("state", j.state().dbName());
        n.put("priority", j.priority());
        n.set("payload", raw(j.payload()));
        n.put("attempt", j.attemptsUsed()); // what a handler's ctx.attempt() says: snoozes give theirs back
        n.put("maxAttempts", j.attemptBudget());
        time(n, "runAt", j.runAt());
        time(n, "createdAt", j.createdAt());
        time(n, "startedAt", j.startedAt());
        time(n, "finishedAt", j.finishedAt());
        time(n, "expiresAt", j.expiresAt());
        if (j.timeout() != null) n.put("timeout", j.timeout().toString());
        if (!j.tenant().isEmpty()) n.put("tenant", j.tenant());
        if (j.idempotencyKey() != null) n.put("idempotencyKey", j.idempotencyKey());
        if (j.uniqueKey() != null) n.put("uniqueKey", j.uniqueKey());
        if (j.concurrencyKey() != null) n.put("concurrencyKey", j.concurrencyKey()).put("concurrencyLimit", j.concurrencyLimit());
        if (j.waitingFor() != null) n.put("waitingFor", j.waitingFor());
        ObjectNode labels = n.putObject("labels"); // put one by one: valueToTree serializes the map through a buffer
        j.labels().forEach(labels::put);
        ObjectNode progress = n.putObject("progress");
        if (j.progressPercent() != null) progress.put("percent", j.progressPercent());
        if (j.progressMessage() != null) progress.put("message", j.progressMessage());
        if (j.result() != null) n.set("result", raw(j.result()));
        if (j.lastError() != null) n.put("lastError", j.lastError());
        if (j.cancelRequested()) n.put("cancelRequested", true);
        if (j.leaseOwner() != null) n.put("node", j.leaseOwner());
        n.put("href", "/v1/jobs/" + j.id());
        return n;
    }

    /** A job's id, state, attempt and progress only: what a live progress bar needs, and nothing of its payload or result. */
    static ObjectNode progress(Job j) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", j.id().toString());
        n.put("state", j.state().dbName());
        n.put("attempt", j.attemptsUsed());
        n.put("maxAttempts", j.attemptBudget());
        ObjectNode progress = n.putObject("progress");
        if (j.progressPercent() != null) progress.put("percent", j.progressPercent());
        if (j.progressMessage() != null) progress.put("message", j.progressMessage());
        return n;
    }

    /** Adds {@code artifacts}: name, size, content type, SHA-256 and a signed download URL for each. */
    static ObjectNode withArtifacts(ObjectNode job, java.util.UUID id, List<io.jobvault.Artifact> artifacts, ArtifactLinks links) {
        ArrayNode arr = job.putArray("artifacts");
        for (io.jobvault.Artifact a : artifacts) {
            ObjectNode n = arr.addObject();
            n.put("name", a.name());
            n.put("size", a.size());
            n.put("contentType", a.contentType());
            n.put("sha256", a.sha256());
            time(n, "createdAt", a.createdAt());
            if (a.missing()) {
                n.put("missing", true); // the reconciler found the file gone: the download answers 500 with a hint
                time(n, "missingSince", a.missingSince());
            }
            n.put("url", links.signedPath(id, a.name()));
        }
        return job;
    }

    static ArrayNode attempts(List<Attempt> attempts) {
        ArrayNode arr = Json.MAPPER.createArrayNode();
        for (Attempt a : attempts) {
            ObjectNode n = arr.addObject();
            n.put("attempt", a.attempt());
            if (a.node() != null) n.put("node", a.node());
            time(n, "startedAt", a.startedAt());
            time(n, "finishedAt", a.finishedAt());
            n.put("outcome", a.outcome() == null ? "running" : a.outcome().name().toLowerCase());
            if (a.errorMessage() != null) n.put("error", a.errorMessage());
            if (a.errorType() != null) n.put("errorType", a.errorType());
            if (a.stackTrace() != null) n.put("stackTrace", a.stackTrace());
        }
        return arr;
    }

    private static void time(ObjectNode n, String field, Instant t) {
        if (t != null) n.put(field, t.toString());
    }

    /** Stored JSON text as a tree; text that is not JSON (it always is, by validation) stays a string. */
    private static JsonNode raw(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
