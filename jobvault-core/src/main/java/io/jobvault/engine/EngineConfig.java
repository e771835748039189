package io.jobvault.engine;

import io.jobvault.JobListener;
import io.jobvault.JobType;
import io.jobvault.Retention;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine runs with; built by {@link io.jobvault.JobvaultBuilder}, which documents each default.
 *
 * @param queues         queue name to concurrency (how many of its jobs this node runs at once)
 * @param artifactRoot   the artifact directory (absolute); null keeps artifacts in the store where it can (PostgreSQL),
 *                       else in {@code artifacts} in the store's directory (beside the SQLite file)
 * @param tickInterval   how often (real time) the maintenance loop looks at the clock; bounds timeout precision
 * @param mapper         reads typed payloads and writes result objects (see {@link io.jobvault.JobDefinition})
 * @param tracing        the spans of submits and runs (no-ops without an OpenTelemetry SDK)
 */
public record EngineConfig(
        String nodeId,
        Clock clock,
        Map<String, JobType> jobTypes,
        Map<String, Integer> queues,
        Retention retention,
        Duration leaseDuration,
        Duration heartbeatInterval,
        Duration rescueInterval,
        Duration pruneInterval,
        Duration pollInterval,
        Duration progressInterval,
        Duration shutdownGrace,
        Duration tickInterval,
        int claimBatchSize,
        int submitBatchSize,
        int pruneBatchSize,
        java.nio.file.Path artifactRoot,
        long maxArtifactBytes,
        Duration artifactReconcileInterval,
        Duration artifactOrphanGrace,
        Duration nodeTimeout,
        JobListener listener,
        Map<String, io.jobvault.RateLimit> typeRateLimits,
        com.fasterxml.jackson.databind.ObjectMapper mapper,
        io.jobvault.trace.JobTracing tracing) {

    public EngineConfig {
        java.util.Objects.requireNonNull(mapper, "mapper");
        java.util.Objects.requireNonNull(tracing, "tracing");
        jobTypes = Map.copyOf(jobTypes);
        queues = Map.copyOf(queues);
        typeRateLimits = Map.copyOf(typeRateLimits);
    }

    /**
     * The rate limits every claim of this node enforces, by type name: those of its job types, and those declared for
     * types it does not run itself (run by remote workers through this node).
     */
    public Map<String, io.jobvault.RateLimit> rateLimits() {
        Map<String, io.jobvault.RateLimit> limits = new java.util.HashMap<>(typeRateLimits);
        jobTypes.forEach((name, t) -> {
            if (t.rateLimit() != null) limits.put(name, t.rateLimit());
        });
        return Map.copyOf(limits);
    }

    /**
     * A claim of up to {@code limit} jobs of {@code queue} now, with this node's lease, rate limits and waits; the
     * lease's expiry on the {@code liveness} clock, which every node judges leases on.
     */
    public io.jobvault.store.JobClaimParams claim(Clock liveness, String queue, int limit, String owner, String tenant,
            Map<String, io.jobvault.RateLimit> rateLimits) {
        java.time.Instant now = clock.instant();
        // a job whose key is full is looked at again after a poll interval; a run with the key ending wakes it sooner
        return new io.jobvault.store.JobClaimParams(queue, limit, owner, liveness.instant().plus(leaseDuration), now, tenant,
                rateLimits, pollInterval);
    }

    /** Fails with every problem named, before anything starts. */
    public void validate() {
        List<String> problems = new ArrayList<>();
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            problems.add("nodeId must match [A-Za-z0-9][A-Za-z0-9._-]{0,99}, was " + nodeId);
        }
        queues.forEach((q, n) -> {
            if (n < 1 || n > 10_000) problems.add("queue " + q + ": concurrency must be within 1..10000, was " + n);
        });
        positive(problems, "leaseDuration", leaseDuration);
        positive(problems, "heartbeatInterval", heartbeatInterval);
        positive(problems, "rescueInterval", rescueInterval);
        positive(problems, "pruneInterval", pruneInterval);
        positive(problems, "pollInterval", pollInterval);
        positive(problems, "progressInterval", progressInterval);
        positive(problems, "tickInterval", tickInterval);
        positive(problems, "artifactReconcileInterval", artifactReconcileInterval);
        positive(problems, "artifactOrphanGrace", artifactOrphanGrace);
        positive(problems, "nodeTimeout", nodeTimeout);
        if (shutdownGrace == null || shutdownGrace.isNegative()) problems.add("shutdownGrace must not be negative");
        if (heartbeatInterval != null && leaseDuration != null
                && heartbeatInterval.multipliedBy(2).compareTo(leaseDuration) > 0) {
            problems.add("heartbeatInterval " + heartbeatInterval + " must be at most half the leaseDuration " + leaseDuration);
        }
        if (claimBatchSize < 1 || submitBatchSize < 1 || pruneBatchSize < 1) problems.add("batch sizes must be >= 1");
        if (maxArtifactBytes < 1) problems.add("maxArtifactSize must be >= 1 byte");
        if (!problems.isEmpty()) throw new IllegalArgumentException("invalid Jobvault configuration: " + String.join("; ", problems));
    }

    private static void positive(List<String> problems, String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) problems.add(name + " must be positive, was " + d);
    }
}
