package io.jobvault.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A job as the server reports it. {@code json} is the whole document, for fields this record does not lift out.
 *
 * @param attempt     the attempts used so far, counted toward {@code maxAttempts} (a snooze gives its attempt back)
 * @param maxAttempts the attempts the job may use
 * @param result      the result JSON text, or null
 */
public record RemoteJob(UUID id, String type, String queue, String state, int attempt, int maxAttempts,
                        Integer progressPercent, String progressMessage, String result, String lastError,
                        List<RemoteArtifact> artifacts, JsonNode json) {

    /** An artifact: name, size, type, SHA-256 and a signed download path. */
    public record RemoteArtifact(String name, long size, String contentType, String sha256, String url) {}

    public boolean finished() {
        return state.equals("succeeded") || state.equals("dead") || state.equals("cancelled");
    }

    static RemoteJob from(JsonNode n) {
        List<RemoteArtifact> artifacts = new ArrayList<>();
        if (n.has("artifacts")) {
            for (JsonNode a : n.get("artifacts")) {
                artifacts.add(new RemoteArtifact(a.get("name").asText(), a.get("size").asLong(), a.get("contentType").asText(),
                        a.get("sha256").asText(), a.get("url").asText()));
            }
        }
        JsonNode p = n.path("progress");
        return new RemoteJob(UUID.fromString(n.get("id").asText()), n.get("type").asText(), n.get("queue").asText(),
                n.get("state").asText(), n.get("attempt").asInt(), n.get("maxAttempts").asInt(),
                p.has("percent") ? p.get("percent").asInt() : null, p.has("message") ? p.get("message").asText() : null,
                n.hasNonNull("result") ? n.get("result").toString() : null,
                n.hasNonNull("lastError") ? n.get("lastError").asText() : null, List.copyOf(artifacts), n);
    }
}
