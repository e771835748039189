package io.jobvault.metrics;

import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobState;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.MisfirePolicy;
import io.jobvault.schedule.ScheduleListener;
import io.jobvault.store.FireRow;
import io.jobvault.store.JobStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The Micrometer meters of one node, the same for an embedded engine and a server (docs/observability.md lists them):
 * jobs submitted, started and finished by type, queue and outcome; run time and pickup latency (due to start);
 * retries, rescues and lease losses; schedule fires, late and overdue fires; queue depth and pruning lag, read from
 * the store's counters at most every few seconds when the registry reads them. Type tags are capped so arbitrary
 * submitted types cannot blow up cardinality. Installed only when the builder is given a registry.
 */
public final class EngineMetrics implements JobListener, ScheduleListener {
    public static final int MAX_TYPE_TAGS = 200;
    static final String OTHER_TYPE = "other";
    private static final Duration STORE_READ_CACHE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Set<String> typesSeen = ConcurrentHashMap.newKeySet();
    /**
     * Meters by name and tag values, registered once: building and registering a meter on every event (a Meter.Id,
     * its sorted tags and the registry's lookup) showed up in the profile of each submit.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private final AtomicLong pruneLagMillis = new AtomicLong();
    private volatile JobStore store;
    private volatile Instant storeReadAt = Instant.MIN;

    public EngineMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Starts the gauges read from {@code store}: the depth of these queues (at 0 until jobs wait in them, so a
     * dashboard or alert has a series for every queue the node works before its first job) and the pruning lag.
     */
    public void watch(JobStore store, Collection<String> queues) {
        this.store = store;
        Gauge.builder("jobvault.prune.lag.seconds", this, m -> m.readStore().pruneLagMillis.get() / 1000.0)
                .description("how long the finished job waiting longest to be pruned has been past its retention")
                .register(registry);
        queues.forEach(this::depth);
    }

    @Override
    public void jobSubmitted(String type, String queue) {
        counter("jobvault.jobs.submitted", "jobs stored by submits through this node", type, queue);
        // the queue's depth gauge exists from now on: registered only while a scrape read the store, a new queue
        // was missing from that scrape's answer and showed from the next one
        depth(queue);
    }

    @Override
    public void jobStarted(Job job) {
        counter("jobvault.jobs.started", "runs started on this node", job.type(), job.queue());
        if (job.startedAt() != null && job.runAt() != null && !job.startedAt().isBefore(job.runAt())) {
            timer("jobvault.jobs.pickup.latency", "time from a job's run-at (when it was due) to a worker starting it", job)
                    .record(Duration.between(job.runAt(), job.startedAt()));
        }
    }

    @Override
    public void jobRecorded(Job job, JobState newState) {
        String type = typeTag(job.type());
        String outcome = newState.dbName();
        List<String> key = List.of("jobvault.jobs.finished", type, job.queue(), outcome);
        Counter finished = counters.get(key);
        if (finished == null) {
            finished = counters.computeIfAbsent(key, k -> Counter.builder(k.get(0))
                    .description("runs ended on this node, by the state they left the job in")
                    .tag("type", k.get(1)).tag("queue", k.get(2)).tag("outcome", k.get(3)).register(registry));
        }
        finished.increment();
        if (newState == JobState.RETRYING) counter("jobvault.jobs.retries", "runs that failed and will be retried", job.type(), job.queue());
        if (job.startedAt() != null) {
            timer("jobvault.jobs.run.time", "time a handler ran, per attempt", job)
                    .record(Duration.between(job.startedAt(), clock.instant()));
        }
    }

    @Override
    public void jobResultRejected(UUID id, int attempt) {
        single("jobvault.jobs.results.rejected", "runs whose result was refused because the lease was lost").increment();
    }

    @Override
    public void jobRescued(UUID id, String type, String node, Duration ran, String reason) {
        List<String> key = List.of("jobvault.jobs.rescued", typeTag(type));
        counters.computeIfAbsent(key, k -> Counter.builder(k.get(0))
                .description("running jobs this node (as maintenance leader) took back from a node gone or a lease run out")
                .tag("type", k.get(1)).register(registry)).increment();
    }

    @Override
    public void fired(String scheduleId, List<FireRow> fires) {
        for (FireRow f : fires) {
            List<String> key = List.of("jobvault.schedule.fires", scheduleId, f.kind(), f.status());
            counters.computeIfAbsent(key, k -> Counter.builder(k.get(0)).description("fires the scheduler recorded")
                    .tag("schedule", k.get(1)).tag("kind", k.get(2)).tag("status", k.get(3)).register(registry)).increment();
        }
    }

    @Override
    public void firesMissed(String scheduleId, MisfirePolicy policy, List<FireRow> late) {
        scheduleCounter("jobvault.schedule.fires.late", "fires handled after the misfire threshold", scheduleId)
                .increment(late.size());
    }

    @Override
    public void fireOverdue(FireCoverage coverage, boolean backupEnqueued) {
        scheduleCounter("jobvault.schedule.fires.overdue", "fires whose deadline passed before every key succeeded",
                coverage.fire().scheduleId()).increment();
    }

    /** Queue depths and the pruning lag from the store, read at most every few seconds (one read for all gauges). */
    private EngineMetrics readStore() {
        JobStore s = store;
        Instant now = clock.instant();
        if (s == null || now.isBefore(storeReadAt.plus(STORE_READ_CACHE)) && now.isAfter(storeReadAt)) return this;
        storeReadAt = now;
        try {
            Map<String, Map<JobState, Long>> counts = s.jobsCountUnfinished();
            depths.values().forEach(v -> v.set(0));
            counts.forEach((queue, byState) -> depth(queue).set(byState.getOrDefault(JobState.AVAILABLE, 0L)));
            Instant oldestExpiry = s.jobsPruneBacklog(now, 1).oldestExpiry();
            pruneLagMillis.set(oldestExpiry == null ? 0 : Math.max(0, Duration.between(oldestExpiry, now).toMillis()));
        } catch (RuntimeException e) {
            // the store is down or closed: the gauges keep their last values; health and alerts report the store
        }
        return this;
    }

    /** The gauge of one queue, registered once; a queue once seen keeps reporting (0 when empty). */
    private AtomicLong depth(String queue) {
        AtomicLong v = depths.get(queue);
        if (v != null) return v;
        return depths.computeIfAbsent(queue, q -> {
            AtomicLong depth = new AtomicLong();
            Gauge.builder("jobvault.queue.depth", depth, d -> {
                readStore();
                return d.get();
            }).description("available jobs waiting for a worker").tag("queue", q).strongReference(true).register(registry);
            return depth;
        });
    }

    private void counter(String name, String description, String type, String queue) {
        List<String> key = List.of(name, typeTag(type), queue);
        Counter c = counters.get(key); // a plain read first: computeIfAbsent may lock the map's bin on every call
        if (c == null) {
            c = counters.computeIfAbsent(key, k -> Counter.builder(name).description(description)
                    .tag("type", k.get(1)).tag("queue", k.get(2)).register(registry));
        }
        c.increment();
    }

    private Counter single(String name, String description) {
        return cached(List.of(name), k -> Counter.builder(name).description(description).register(registry));
    }

    private Counter scheduleCounter(String name, String description, String scheduleId) {
        return cached(List.of(name, scheduleId), k -> Counter.builder(name).description(description)
                .tag("schedule", scheduleId).register(registry));
    }

    private Counter cached(List<String> key, Function<List<String>, Counter> register) {
        Counter c = counters.get(key);
        return c != null ? c : counters.computeIfAbsent(key, register);
    }

    private Timer timer(String name, String description, Job job) {
        List<String> key = List.of(name, typeTag(job.type()), job.queue());
        Timer t = timers.get(key);
        if (t != null) return t;
        return timers.computeIfAbsent(key, k -> Timer.builder(name).description(description)
                .tag("type", k.get(1)).tag("queue", k.get(2)).publishPercentileHistogram().register(registry));
    }

    private String typeTag(String type) {
        if (typesSeen.contains(type)) return type;
        if (typesSeen.size() >= MAX_TYPE_TAGS) return OTHER_TYPE;
        typesSeen.add(type);
        return type;
    }
}
