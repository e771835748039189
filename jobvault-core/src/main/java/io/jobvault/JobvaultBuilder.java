package io.jobvault;

import io.jobvault.alert.AlertSettings;
import io.jobvault.alert.AlertSink;
import io.jobvault.alert.DiskThreshold;
import io.jobvault.alert.Webhooks;
import io.jobvault.engine.Engine;
import io.jobvault.engine.EngineConfig;
import io.jobvault.engine.Listeners;
import io.jobvault.health.HealthReport;
import io.jobvault.health.HealthReportJob;
import io.jobvault.id.JobIds;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleListener;
import io.jobvault.schedule.ScheduleSettings;
import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configures and starts a {@link Jobvault}. Every setting has a default, documented on its setter; {@link #build()}
 * validates them all at once and starts the node.
 */
public final class JobvaultBuilder {
    /** Where the embedded store lives unless told otherwise. */
    public static final String DEFAULT_DATABASE = "jdbc:sqlite:./jobvault-data/jobvault.db";
    static final String ID_SECRET_KEY = "job_id_secret";

    private String database = DEFAULT_DATABASE;
    private JobStore store;
    private javax.sql.DataSource dataSource;
    private final Map<String, JobType> jobTypes = new LinkedHashMap<>();
    private final Map<String, io.jobvault.RateLimit> rateLimits = new LinkedHashMap<>();
    private final Map<String, Integer> queues = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();
    private String nodeId;
    private Retention retention = Retention.DEFAULT;
    private Duration leaseDuration = Duration.ofSeconds(30);
    private Duration heartbeatInterval;
    private Duration rescueInterval = Duration.ofSeconds(5);
    private Duration pruneInterval = Duration.ofMinutes(1);
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration progressInterval = Duration.ofSeconds(1);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private Duration tickInterval = Duration.ofMillis(50);
    private int claimBatchSize = 100;
    private int submitBatchSize = 1000;
    private int pruneBatchSize = 1000;
    private final List<JobListener> listeners = new ArrayList<>();
    private Path artifactDirectory;
    private long maxArtifactSize = 1L << 30;
    private Duration artifactReconcileInterval = Duration.ofMinutes(10);
    private Duration artifactOrphanGrace = Duration.ofHours(1);
    private Duration nodeTimeout = Duration.ofSeconds(20);
    private Duration schedulerInterval = Duration.ofSeconds(1);
    private Duration misfireThreshold = Duration.ofMinutes(1);
    private Duration fireRetention = Duration.ofDays(90);
    private ScheduleListener scheduleListener = new ScheduleListener() {};
    private final List<Schedule> schedules = new ArrayList<>();
    private AlertSettings alertSettings = AlertSettings.DEFAULTS;
    private DiskThreshold diskLowThreshold = DiskThreshold.DEFAULT;
    private final List<Webhooks.Webhook> webhooks = new ArrayList<>();
    private final List<AlertSink> alertSinks = new ArrayList<>();
    private Schedule healthReport;
    private com.fasterxml.jackson.databind.ObjectMapper mapper;
    /** The queue of each type registered from a definition, to warn when this node does not work it. */
    private final Map<String, String> definitionQueues = new LinkedHashMap<>();
    private io.micrometer.core.instrument.MeterRegistry meterRegistry;
    private io.opentelemetry.api.OpenTelemetry openTelemetry;

    JobvaultBuilder() {}

    /**
     * A JDBC URL of a supported store: {@code jdbc:sqlite:FILE} (the embedded store; the file and its directory are
     * created) or {@code jdbc:postgresql://HOST:PORT/DATABASE?user=…} (its {@code currentSchema}, default
     * {@code public}; migrations run on start), with {@code jobvault-store-jdbc} on the class path. Default
     * {@value #DEFAULT_DATABASE}. A relative SQLite path is resolved against the working directory when
     * {@link #build()} runs.
     */
    public JobvaultBuilder database(String jdbcUrl) {
        this.database = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.store = null;
        this.dataSource = null;
        return this;
    }

    /**
     * The application's connection pool, so that a service has one: PostgreSQL (with {@code jobvault-store-jdbc} on
     * the class path). Jobvault's tables go in the current schema of its connections, migrated on start with their own
     * Flyway history table; the pool stays the application's ({@link Jobvault#close()} leaves it open). Besides short
     * transactions, a running node holds two of its connections: its node-id lock and LISTEN. A SQLite DataSource
     * names the store's file (SQLite has no pool to share: the store opens its own connections to it).
     */
    public JobvaultBuilder dataSource(javax.sql.DataSource pool) {
        this.dataSource = Objects.requireNonNull(pool, "pool");
        this.store = null;
        return this;
    }

    /** A store opened by the caller, who also closes it (after closing Jobvault). */
    public JobvaultBuilder store(JobStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.dataSource = null;
        return this;
    }

    /** Registers a job type with default policies; see {@link JobType#of}. */
    public JobvaultBuilder handler(String type, JobHandler handler) {
        return jobType(JobType.of(type, handler));
    }

    /**
     * Registers the handler of a {@link JobDefinition}'s jobs, with the definition's run policies; see
     * {@link JobDefinition#jobType}. A type name registered twice is refused.
     */
    public <P, R> JobvaultBuilder handler(JobDefinition<P, R> definition, TypedJobHandler<P, R> handler) {
        jobType(definition.jobType(handler));
        definitionQueues.put(definition.name(), definition.queue());
        return this;
    }

    /**
     * The Jackson mapper that writes typed payloads and result objects and reads them back (see {@link JobDefinition}).
     * Default {@link io.jobvault.json.JsonMappers#defaults()}: records, {@code java.time} as ISO-8601 text,
     * {@code Optional}, unknown properties ignored.
     */
    public JobvaultBuilder objectMapper(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    /** Registers a job type; a name registered twice is refused. */
    public JobvaultBuilder jobType(JobType type) {
        if (jobTypes.putIfAbsent(type.name(), type) != null) {
            throw new IllegalArgumentException("job type " + type.name() + " is registered twice");
        }
        return this;
    }

    /** Runs jobs of {@code name} on this node, at most {@code concurrency} at once. No queue: submit-only node. */
    public JobvaultBuilder queue(String name, int concurrency) {
        queues.put(JobRequest.requireQueue(name), concurrency);
        return this;
    }

    /** The clock set so far (the system UTC clock unless {@link #clock(Clock)} changed it). */
    public Clock clock() {
        return clock;
    }

    /** The clock of every timestamp and timer (of leases and liveness: see {@link HandDrivenClock}). Default UTC. */
    public JobvaultBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * This node's name, stable across restarts so that a restart takes back at once the jobs it held when it died.
     * Default: the host name. Two live processes on one store need different ids (the store refuses a second).
     */
    public JobvaultBuilder nodeId(String nodeId) {
        this.nodeId = nodeId;
        return this;
    }

    /** How long finished jobs are kept. Default succeeded and cancelled 7 days, dead 30 days. */
    public JobvaultBuilder retention(Retention retention) {
        this.retention = Objects.requireNonNull(retention, "retention");
        return this;
    }

    /** How long a claim is valid without a heartbeat. Default 30 s; heartbeats every third of it. */
    public JobvaultBuilder leaseDuration(Duration d) {
        this.leaseDuration = d;
        return this;
    }

    /** How often leases are extended. Default a third of the lease duration. */
    public JobvaultBuilder heartbeatInterval(Duration d) {
        this.heartbeatInterval = d;
        return this;
    }

    /** How often expired leases are looked for. Default 5 s. */
    public JobvaultBuilder rescueInterval(Duration d) {
        this.rescueInterval = d;
        return this;
    }

    /**
     * How often the pruner looks for finished jobs past retention while it finds none; while it finds some it comes
     * back within a second, and at once while it is behind. Default 1 min.
     */
    public JobvaultBuilder pruneInterval(Duration d) {
        this.pruneInterval = d;
        return this;
    }

    /** Most finished jobs one pruning transaction deletes (with their history and artifacts). Default 1,000. */
    public JobvaultBuilder pruneBatchSize(int n) {
        this.pruneBatchSize = n;
        return this;
    }

    /** Fallback poll for jobs added by other processes; submits through this node wake it at once. Default 1 s. */
    public JobvaultBuilder pollInterval(Duration d) {
        this.pollInterval = d;
        return this;
    }

    /** Progress of one job is persisted at most this often. Default 1 s. */
    public JobvaultBuilder progressInterval(Duration d) {
        this.progressInterval = d;
        return this;
    }

    /** How long {@link Jobvault#close()} lets running handlers finish before handing their leases back. Default 10 s. */
    public JobvaultBuilder shutdownGrace(Duration d) {
        this.shutdownGrace = d;
        return this;
    }

    /** How often (real time) timers look at the clock; bounds timeout precision. Default 50 ms. */
    public JobvaultBuilder tickInterval(Duration d) {
        this.tickInterval = d;
        return this;
    }

    /** Most jobs one claim statement takes. Default 100. */
    public JobvaultBuilder claimBatchSize(int n) {
        this.claimBatchSize = n;
        return this;
    }

    /**
     * Keeps artifact files in this directory, which every node on the same database must share. Default: an
     * {@code artifacts} directory beside the SQLite file (however the store was given); with PostgreSQL, the database
     * itself (chunked, streamed), so nodes share artifacts with nothing else to set up. A relative directory is
     * resolved against the working directory once, when {@link #build()} runs; nothing depends on it afterwards.
     */
    public JobvaultBuilder artifactDirectory(Path dir) {
        this.artifactDirectory = Objects.requireNonNull(dir, "dir");
        return this;
    }

    /** Largest artifact a handler may write. Default 1 GiB. */
    public JobvaultBuilder maxArtifactSize(long bytes) {
        this.maxArtifactSize = bytes;
        return this;
    }

    /** How often artifact files and metadata are reconciled (also once at start). Default 10 min. */
    public JobvaultBuilder artifactReconcileInterval(Duration d) {
        this.artifactReconcileInterval = d;
        return this;
    }

    /** Files no job refers to are deleted once older than this (protects writes in progress). Default 1 h. */
    public JobvaultBuilder artifactOrphanGrace(Duration d) {
        this.artifactOrphanGrace = d;
        return this;
    }

    /**
     * A node silent in the registry this long is taken for dead: the leader takes its jobs back at once, without
     * waiting for their leases. Nodes heartbeat every quarter of it. Default 20 s.
     */
    public JobvaultBuilder nodeTimeout(Duration d) {
        this.nodeTimeout = d;
        return this;
    }

    /**
     * Defines a schedule in code. At start the code-defined schedules are synced: each is created or updated (a no-op
     * when unchanged, keeping its fire history), and code-defined schedules no longer given are deleted. Nodes that
     * define none leave them alone. May be called more than once.
     */
    public JobvaultBuilder schedule(Schedule schedule) {
        schedules.add(Objects.requireNonNull(schedule, "schedule"));
        return this;
    }

    /** Told about missed and overdue fires (on the maintenance leader). */
    public JobvaultBuilder scheduleListener(ScheduleListener listener) {
        this.scheduleListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** How often the leader looks for due fires. Default 1 s. */
    public JobvaultBuilder schedulerInterval(Duration d) {
        this.schedulerInterval = d;
        return this;
    }

    /**
     * A fire handled more than this after its time counts as missed and follows the schedule's misfire policy (a
     * failover of the maintenance leader takes up to the node timeout, so keep this above it). Default 1 min.
     */
    public JobvaultBuilder misfireThreshold(Duration d) {
        this.misfireThreshold = d;
        return this;
    }

    /** How long fire history is kept. Default 90 days. */
    public JobvaultBuilder scheduleFireRetention(Duration d) {
        this.fireRetention = d;
        return this;
    }

    /** Alert thresholds (dead jobs, failure rate, queue latency, store outage). Default {@link io.jobvault.alert.AlertSettings#DEFAULTS}. */
    public JobvaultBuilder alertSettings(AlertSettings settings) {
        this.alertSettings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * Free space under the data or artifact directory below which this node raises {@code disk.low} (checked every
     * alert evaluation, on every node for its own directories). Default {@link io.jobvault.alert.DiskThreshold#DEFAULT}:
     * 10% of the filesystem or 1 GiB, whichever is smaller.
     */
    public JobvaultBuilder diskLowThreshold(DiskThreshold threshold) {
        this.diskLowThreshold = Objects.requireNonNull(threshold, "threshold");
        return this;
    }

    /**
     * Sends every raised and resolved alert to this URL as signed JSON (see {@link io.jobvault.alert.Webhooks}),
     * delivered as jobs with retries. May be called more than once.
     */
    public JobvaultBuilder alertWebhook(String name, URI url, String secret) {
        webhooks.add(new Webhooks.Webhook(name, url, secret));
        return this;
    }

    /** Another alert sink (e.g. email); the log is always one. May be called more than once. */
    public JobvaultBuilder alertSink(AlertSink sink) {
        alertSinks.add(Objects.requireNonNull(sink, "sink"));
        return this;
    }

    /**
     * Sends the health report (schedule coverage, missing keys, success per job type, latency, advice) through every
     * alert sink on {@code cron} in {@code zone} — e.g. {@code "0 8 * * *"} and {@code Europe/Berlin} every morning —
     * covering the 24 hours before. See {@link #healthReport(String, ZoneId, Duration)}.
     */
    public JobvaultBuilder healthReport(String cron, ZoneId zone) {
        return healthReport(cron, zone, HealthReportJob.DEFAULT_PERIOD);
    }

    /**
     * Sends the health report, covering {@code period} (1 min .. 90 days), through every alert sink on {@code cron} in
     * {@code zone}. It is a built-in schedule, {@value HealthReportJob#SCHEDULE_ID} (source {@code builtin}): it fires
     * once per time across all nodes, is overdue after {@link HealthReportJob#DEADLINE}, shows in the schedules list,
     * and its job runs on queue {@value HealthReportJob#QUEUE} of the nodes given this setting. Each sink delivers the
     * report once: the log as text, e-mail as text and HTML, webhooks as JSON. Its findings (keys that missed their
     * run, missed fires, job types under {@link HealthReport#SUCCESS_THRESHOLD}) are raised as alerts until a later
     * report no longer finds them. Default: no report; a node that runs queues without this setting deletes the
     * built-in schedule at start, so give every node the same setting.
     *
     * @throws IllegalArgumentException for an invalid cron expression or period
     */
    public JobvaultBuilder healthReport(String cron, ZoneId zone, Duration period) {
        this.healthReport = HealthReportJob.schedule(cron, zone, period);
        return this;
    }

    /**
     * Records this node's metrics (docs/observability.md) on {@code registry}: the application's registry, or the
     * server's Prometheus one. Without it no meter is made and no event costs anything.
     */
    public JobvaultBuilder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
        this.meterRegistry = Objects.requireNonNull(registry, "registry");
        return this;
    }

    /**
     * Traces submits (producer spans) and runs (consumer spans) with this OpenTelemetry (docs/observability.md).
     * Default: {@code GlobalOpenTelemetry}, as OpenTelemetry asks of libraries — the agent's or the application's
     * registered SDK, else a no-op that costs next to nothing.
     */
    public JobvaultBuilder openTelemetry(io.opentelemetry.api.OpenTelemetry openTelemetry) {
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        return this;
    }

    /** Adds a listener told about submits, starts and recorded ends on this node. May be called more than once. */
    public JobvaultBuilder listener(JobListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * At most {@code jobs} runs of {@code type} start in any window of {@code per}, across all nodes — for a type this
     * node does not run itself, e.g. one remote workers (any language) claim through this server. For a type it
     * runs, {@link JobType#withRateLimit} says the same; a limit given both ways must agree.
     */
    public JobvaultBuilder rateLimit(String type, int jobs, Duration per) {
        if (!JobType.isValidName(type)) throw new IllegalArgumentException("rate limit: not a job type name: " + type);
        rateLimits.put(type, io.jobvault.RateLimit.of(jobs, per));
        return this;
    }

    /** Validates the configuration, opens the store (migrating its schema) and starts the node. */
    public Jobvault build() {
        AlertWiring alerts = new AlertWiring(clock, alertSettings, diskLowThreshold, webhooks, alertSinks, healthReport);
        Map<String, JobType> types = new LinkedHashMap<>(jobTypes);
        Map<String, Integer> allQueues = new LinkedHashMap<>(queues);
        JobDefinition.warnOfQueuesNotWorked(definitionQueues, allQueues.keySet());
        alerts.addTo(types, allQueues);
        List<JobListener> allListeners = new ArrayList<>(listeners);
        alerts.addTo(allListeners);
        ScheduleListener scheduleEvents = alerts.scheduleListener(scheduleListener);
        io.jobvault.metrics.EngineMetrics metrics = meterRegistry == null ? null : new io.jobvault.metrics.EngineMetrics(meterRegistry, clock);
        if (metrics != null) {
            allListeners.add(metrics);
            scheduleEvents = new io.jobvault.schedule.ScheduleListenerFanOut(List.of(metrics, scheduleEvents));
        }
        EngineConfig config = new EngineConfig(nodeId != null ? nodeId : defaultNodeId(), clock, types, allQueues,
                retention, leaseDuration, heartbeatInterval != null ? heartbeatInterval : leaseDuration.dividedBy(3),
                rescueInterval, pruneInterval, pollInterval, progressInterval, shutdownGrace, tickInterval,
                claimBatchSize, submitBatchSize, pruneBatchSize,
                artifactDirectory != null ? artifactDirectory.toAbsolutePath().normalize() : null,
                maxArtifactSize, artifactReconcileInterval, artifactOrphanGrace, nodeTimeout, new Listeners(allListeners),
                rateLimits, mapper != null ? mapper : io.jobvault.json.JsonMappers.defaults(),
                new io.jobvault.trace.JobTracing(openTelemetry != null ? openTelemetry : io.opentelemetry.api.GlobalOpenTelemetry.get()));
        rateLimits.forEach((type, limit) -> {
            JobType t = types.get(type);
            if (t != null && t.rateLimit() != null && !t.rateLimit().equals(limit)) {
                throw new IllegalArgumentException("rate limit of " + type + ": " + limit + " differs from its job type's " + t.rateLimit());
            }
        });
        config.validate();
        boolean owns = store == null;
        JobStore s = !owns ? store : dataSource != null ? JobStoreProvider.openOn(dataSource)
                : JobStoreProvider.require(database).open(database);
        var scheduling = new ScheduleSettings(schedulerInterval, misfireThreshold, fireRetention,
                scheduleEvents, schedules, healthReport == null ? List.of() : List.of(healthReport));
        Engine engine;
        JobIds ids;
        try {
            ids = new JobIds(s.metaGetOrInit(ID_SECRET_KEY, JobIds.newSecret()));
            engine = Engine.start(s, owns, config);
            if (metrics != null) metrics.watch(s, allQueues.keySet());
        } catch (RuntimeException e) {
            if (owns) s.close();
            throw e;
        }
        try {
            return new Jobvault(s, engine, ids, scheduling, alerts.alerting, alerts.healthJob);
        } catch (RuntimeException e) {
            engine.close(); // closes the store too when it owns it
            throw e;
        }
    }

    private static String defaultNodeId() {
        try {
            String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
            return host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0)) ? "node" : host;
        } catch (IOException e) {
            return "node";
        }
    }
}
