package io.jobvault.engine;

import io.jobvault.Artifact;
import io.jobvault.JobContext;
import java.io.IOException;
import java.io.InputStream;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobvault.json.JsonMappers;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;

/** The {@link JobContext} of one run. Progress only touches memory; the lease keeper persists it, throttled. */
final class RunContext implements JobContext {
    private final RunningJob run;
    private final Clock clock;
    private final ArtifactWriter artifacts;
    private final String owner;
    private final ObjectMapper mapper;

    RunContext(RunningJob run, Clock clock, ArtifactWriter artifacts, String owner, ObjectMapper mapper) {
        this.run = run;
        this.mapper = mapper;
        this.clock = clock;
        this.artifacts = artifacts;
        this.owner = owner;
    }

    @Override
    public Artifact writeArtifact(String name, String contentType, InputStream content) throws IOException {
        return artifacts.write(run, owner, name, contentType, content);
    }

    @Override
    public UUID jobId() {
        return run.job.id();
    }

    @Override
    public String type() {
        return run.job.type();
    }

    @Override
    public String queue() {
        return run.job.queue();
    }

    @Override
    public String tenant() {
        return run.job.tenant();
    }

    @Override
    public String payload() {
        return run.job.payload();
    }

    @Override
    public <T> T payload(Class<T> type) {
        return JsonMappers.read(mapper, run.job.payload(), type, "payload of job " + run.job.id() + " (type " + run.job.type() + ")");
    }

    @Override
    public Map<String, String> labels() {
        return run.job.labels();
    }

    @Override
    public int attempt() {
        return run.job.attemptsUsed();
    }

    @Override
    public int maxAttempts() {
        return run.job.attemptBudget();
    }

    @Override
    public long fencingToken() {
        return run.job.attempt();
    }

    @Override
    public void progress(int percent, String message) {
        if (percent < 0 || percent > 100) throw new IllegalArgumentException("percent must be within 0..100: " + percent);
        String m = message != null && message.length() > 500 ? message.substring(0, 500) : message;
        run.pendingProgress.set(new RunningJob.PendingProgress(percent, m));
    }

    @Override
    public boolean isCancelled() {
        return run.stopReason() != null;
    }

    @Override
    public void throwIfCancelled() {
        StopReason r = run.stopReason();
        if (r != null) throw new CancellationException("job " + jobId() + " stopped: " + r.name().toLowerCase());
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
