package io.jobvault.server;

import io.javalin.http.Context;
import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobState;
import io.jobvault.store.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of this node ({@code GET /metrics}): jobs submitted, started, succeeded, failed, dead and
 * cancelled by type and queue; pickup latency and run time histograms; queue depth per queue (read from the store,
 * so every node reports the same depth) and how far pruning is behind. Type tags are capped so arbitrary submitted types cannot blow up cardinality.
 */
final class ServerMetrics implements JobListener {
    static final int MAX_TYPE_TAGS = 200;
    private static final Duration DEPTH_CACHE = Duration.ofSeconds(5);

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final JobStore store;
    private final Set<String> typesSeen = ConcurrentHashMap.newKeySet();
    /**
     * Counters and timers by name, type tag and queue, registered once: building and registering a meter on every
     * event (a Meter.Id, its sorted tags and the registry's lookup) showed up in the profile of each submit.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private final AtomicLong pruneLagMillis = new AtomicLong();
    private volatile Instant depthsReadAt = Instant.MIN;

    ServerMetrics(Clock clock, JobStore store) {
        this.clock = clock;
        this.store = store;
        Gauge.builder("jobvault.prune.lag.seconds", pruneLagMillis, v -> v.get() / 1000.0)
                .description("how long the finished job waiting longest to be pruned has been past its retention")
                .register(registry);
    }

    @Override
    public void jobSubmitted(String type, String queue) {
        counter("jobvault.jobs.submitted", type, queue);
    }

    @Override
    public void jobStarted(Job job) {
        counter("jobvault.jobs.started", job.type(), job.queue());
        if (job.startedAt() != null && job.runAt() != null && !job.startedAt().isBefore(job.runAt())) {
            timer("jobvault.jobs.pickup.latency", "time from a job's run-at to a worker starting it", job)
                    .record(Duration.between(job.runAt(), job.startedAt()));
        }
    }

    @Override
    public void jobRecorded(Job job, JobState newState) {
        String name = switch (newState) {
            case SUCCEEDED -> "jobvault.jobs.succeeded";
            case DEAD -> "jobvault.jobs.dead";
            case CANCELLED -> "jobvault.jobs.cancelled";
            case RETRYING -> "jobvault.jobs.failed";
            default -> null; // snoozed or handed back: neither a success nor a failure
        };
        if (name != null) counter(name, job.type(), job.queue());
        if (newState == JobState.DEAD) counter("jobvault.jobs.failed", job.type(), job.queue());
        if (job.startedAt() != null) {
            timer("jobvault.jobs.run.time", "time a handler ran, per attempt", job)
                    .record(Duration.between(job.startedAt(), clock.instant()));
        }
    }

    @Override
    public void jobResultRejected(java.util.UUID id, int attempt) {
        registry.counter("jobvault.jobs.results.rejected").increment();
    }

    void scrape(Context ctx) {
        refreshDepths();
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    /**
     * Exports the depth of these queues from the start, at 0 until jobs wait in them, so a dashboard or an alert on
     * {@code jobvault_queue_depth} has a series for every configured queue before its first job.
     */
    void exportQueueDepths(Collection<String> queues) {
        queues.forEach(this::depth);
    }

    /** Queue depth (available jobs) per queue and the pruning lag, read from the store at most every few seconds. */
    private void refreshDepths() {
        Instant now = clock.instant();
        if (now.isBefore(depthsReadAt.plus(DEPTH_CACHE)) && now.isAfter(depthsReadAt)) return;
        depthsReadAt = now;
        Map<String, Map<JobState, Long>> counts = store.jobsCountUnfinished();
        depths.values().forEach(v -> v.set(0));
        counts.forEach((queue, byState) -> depth(queue).set(byState.getOrDefault(JobState.AVAILABLE, 0L)));
        Instant oldestExpiry = store.jobsPruneBacklog(now, 1).oldestExpiry();
        pruneLagMillis.set(oldestExpiry == null ? 0 : Math.max(0, Duration.between(oldestExpiry, now).toMillis()));
    }

    /** The gauge of one queue, registered once; a queue once seen keeps reporting (0 when empty). */
    private AtomicLong depth(String queue) {
        return depths.computeIfAbsent(queue, q -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("jobvault.queue.depth", v, AtomicLong::get).description("available jobs waiting for a worker")
                    .tag("queue", q).register(registry);
            return v;
        });
    }

    private void counter(String name, String type, String queue) {
        List<String> key = List.of(name, typeTag(type), queue);
        Counter c = counters.get(key); // a plain read first: computeIfAbsent may lock the map's bin on every call
        if (c == null) c = counters.computeIfAbsent(key, k -> Counter.builder(name).tag("type", k.get(1)).tag("queue", queue).register(registry));
        c.increment();
    }

    private Timer timer(String name, String description, Job job) {
        List<String> key = List.of(name, typeTag(job.type()), job.queue());
        Timer t = timers.get(key);
        if (t != null) return t;
        return timers.computeIfAbsent(key, k -> Timer.builder(name)
                .description(description).tag("type", k.get(1)).tag("queue", k.get(2)).publishPercentileHistogram().register(registry));
    }

    private String typeTag(String type) {
        if (typesSeen.contains(type)) return type;
        if (typesSeen.size() >= MAX_TYPE_TAGS) return "other";
        typesSeen.add(type);
        return type;
    }
}
