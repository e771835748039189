package io.jobvault.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.Artifact;
import io.jobvault.JobContext;
import io.jobvault.LeaseLostException;
import io.jobvault.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

/** The {@link JobContext} of a job a {@link RemoteWorker} runs: the same contract as embedded runs, over HTTP. */
final class RemoteContext implements JobContext {
    record Progress(int percent, String message) {}

    final UUID id;
    final String lease;
    private final JsonNode job;
    private final JobvaultClient client;
    private final Clock clock;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    final AtomicReference<Progress> pendingProgress = new AtomicReference<>();
    volatile String stopped; // why the run must stop: "cancelled", "lease lost" or "shutting down"
    volatile boolean handedBack; // the worker gave the job back while stopping: its outcome is not reported
    volatile Thread thread;

    RemoteContext(JsonNode job, JobvaultClient client, Clock clock, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.job = job;
        this.mapper = mapper;
        this.id = UUID.fromString(job.get("id").asText());
        this.lease = job.get("lease").get("token").asText();
        this.client = client;
        this.clock = clock;
    }

    void stop(String why) {
        if (stopped != null) return;
        stopped = why;
        Thread t = thread;
        if (t != null) t.interrupt();
    }

    @Override
    public UUID jobId() {
        return id;
    }

    @Override
    public String type() {
        return job.get("type").asText();
    }

    /** The W3C trace context of the job's submit, when it was traced (the claim answer's {@code traceparent}). */
    String traceparent() {
        JsonNode tp = job.get("traceparent");
        return tp == null || tp.isNull() ? null : tp.asText();
    }

    @Override
    public String queue() {
        return job.get("queue").asText();
    }

    @Override
    public String tenant() {
        return job.path("tenant").asText("");
    }

    @Override
    public String payload() {
        return job.get("payload").toString();
    }

    @Override
    public <T> T payload(Class<T> type) {
        return io.jobvault.json.JsonMappers.read(mapper, payload(), type, "payload of job " + id + " (type " + type() + ")");
    }

    @Override
    public Map<String, String> labels() {
        return Json.readLabels(job.path("labels").toString());
    }

    @Override
    public int attempt() {
        return job.get("attempt").asInt();
    }

    @Override
    public int maxAttempts() {
        return job.get("maxAttempts").asInt();
    }

    @Override
    public long fencingToken() {
        return job.get("lease").get("fencingToken").asLong();
    }

    /** Sent with the next heartbeat: at most one write per heartbeat, however often it is called. */
    @Override
    public void progress(int percent, String message) {
        if (percent < 0 || percent > 100) throw new IllegalArgumentException("percent must be within 0..100: " + percent);
        pendingProgress.set(new Progress(percent, message));
    }

    @Override
    public boolean isCancelled() {
        return stopped != null;
    }

    @Override
    public void throwIfCancelled() {
        if (stopped != null) throw new CancellationException("job " + id + " stopped: " + stopped);
    }

    @Override
    public Artifact writeArtifact(String name, String contentType, InputStream content) throws IOException {
        try {
            JsonNode a = client.upload(id, lease, name, contentType == null ? "application/octet-stream" : contentType, content);
            return new Artifact(a.get("name").asText(), a.get("size").asLong(), a.get("contentType").asText(),
                    a.get("sha256").asText(), Instant.now(clock));
        } catch (JobvaultApiException e) {
            if (e.status() == 409) {
                stop("lease lost");
                throw new LeaseLostException(id, attempt());
            }
            if (e.status() == 422) throw new IllegalArgumentException(e.getMessage(), e);
            throw new IOException("upload of artifact " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
