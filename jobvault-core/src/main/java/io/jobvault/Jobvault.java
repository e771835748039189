package io.jobvault;

import io.jobvault.alert.Acknowledgements;
import io.jobvault.alert.Alert;
import io.jobvault.alert.Alerting;
import io.jobvault.bulk.BulkActions;
import io.jobvault.bulk.BulkRunner;
import io.jobvault.engine.CatchUp;
import io.jobvault.artifact.FileArtifactStore;
import io.jobvault.engine.Engine;
import io.jobvault.engine.LivenessClock;
import io.jobvault.engine.RemoteRuns;
import io.jobvault.engine.Submissions;
import io.jobvault.health.HealthReport;
import io.jobvault.health.HealthReportJob;
import io.jobvault.health.HealthReporter;
import io.jobvault.health.ReportedFindings;
import io.jobvault.id.JobIds;
import io.jobvault.schedule.ScheduleSettings;
import io.jobvault.schedule.Scheduler;
import io.jobvault.schedule.Schedules;
import io.jobvault.store.AuditEntry;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobListParams;
import io.jobvault.store.JobStore;
import io.jobvault.store.StoredArtifact;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A durable job service embedded in this process. A job {@link #submit}ted is never lost: it is committed (fsynced)
 * before submit returns, runs at least once even across crashes, and its end is recorded exactly once. Build one
 * per process with {@link #builder()} and {@link #close()} it on shutdown.
 */
public final class Jobvault implements AutoCloseable {
    public static final int MAX_PAGE = 1000;
    /** This build's version: each node records it with its heartbeat, so the nodes of a store can be told apart mid-upgrade. */
    public static final String VERSION = "0.1.0";

    private final JobStore store;
    private final Engine engine;
    private final Submissions submissions;
    private final JobIds ids;
    private final Clock clock;
    private final ThroughputReads throughput;

    private final Schedules schedules;
    private final BulkActions bulk;

    /** @param healthJob the scheduled health report's handler, or null without one */
    Jobvault(JobStore store, Engine engine, JobIds ids, ScheduleSettings scheduling,
             Alerting alerting, HealthReportJob healthJob) {
        this.store = store;
        this.engine = engine;
        this.ids = ids;
        this.submissions = new Submissions(engine.config(), ids);
        this.clock = engine.config().clock();
        this.throughput = new ThroughputReads(store, clock);
        Consumer<Set<String>> wake = queues -> queues.forEach(engine::wake);
        Scheduler scheduler = new Scheduler(store, submissions::toInsert,
                this::cancelQuietly, wake, scheduling.listener(), scheduling.interval(), scheduling.misfireThreshold(),
                scheduling.fireRetention());
        this.schedules = new Schedules(store, scheduler, clock, wake);
        if (!scheduling.schedules().isEmpty()) schedules.sync(Schedules.SOURCE_CODE, scheduling.schedules());
        // a submit-only node leaves built-ins alone: it may be an application beside the servers that run them
        if (!scheduling.builtins().isEmpty() || !engine.config().queues().isEmpty()) {
            schedules.sync(Schedules.SOURCE_BUILTIN, scheduling.builtins());
        }
        if (healthJob != null) healthJob.bind((from, to) -> healthReport(from, to));
        engine.addLeaderTask(scheduler);
        BulkRunner bulkRunner = new BulkRunner(store, BulkRunner.BATCH_SIZE, CatchUp.PASS_BUDGET, engine::cancelLocal,
                engine::deleteArtifactContent, engine::wake);
        engine.addLeaderTask(bulkRunner);
        this.bulk = new BulkActions(store, ids, clock, () -> {
            bulkRunner.poke();
            engine.wakeLeaderTasks();
        });
        String node = engine.config().nodeId();
        engine.addIndependentTask(alerting.bind(store, node, this::submit, submissions::toInsert));
        engine.addLeaderTask(alerting.leaderTask(store, List.of(new ReportedFindings(store))));
        engine.addIndependentTask(alerting.nodeTask(store, node));
        Map<String, Path> directories = new LinkedHashMap<>();
        store.directory().ifPresent(d -> directories.put("data", d));
        if (engine.artifactStorage() instanceof FileArtifactStore files) directories.put("artifacts", files.root());
        engine.addIndependentTask(alerting.nodeAlertsTask(store, node, directories, engine.artifactWriteFailures(),
                engine.nodeIdHold(), engine.livenessClock()));
    }

    /** How the service did over the last {@code period}: schedule coverage, success rates, latencies, advice. */
    public HealthReport healthReport(Duration period) {
        return new HealthReporter(store, schedules, clock).report(period);
    }

    /** The health report of the window {@code from} .. {@code to} (at most 90 days): schedule fires within it, jobs since {@code from}. */
    public HealthReport healthReport(Instant from, Instant to) {
        return new HealthReporter(store, schedules, clock).report(from, to);
    }

    /** Open alerts, and those raised or resolved since {@code since}, newest first. */
    public List<Alert> alerts(Instant since, int limit) {
        return store.alertsSince(since, Math.max(1, Math.min(limit, MAX_PAGE)));
    }

    /**
     * Acknowledges open alert {@code id} as {@code by} (it stays open until it resolves); see {@link Acknowledgements}.
     * Not audited here: the caller audits as whom it acts.
     */
    public Alert acknowledgeAlert(long id, String by) {
        return Acknowledgements.acknowledge(store, id, by, clock.instant());
    }

    /** Retry, cancel or delete every job a filter matches, in the background, stoppable and audited. */
    public BulkActions bulk() {
        return bulk;
    }

    /**
     * Pauses {@code queue} on every node: its jobs wait (submits still go in) until {@link #resumeQueue}. The pause is
     * in the store and every claim reads it, so no node starts a job of the queue once this returns; jobs running now
     * go on. Returns false when it was paused already.
     */
    public boolean pauseQueue(String queue) {
        return store.queuePause(JobRequest.requireQueue(queue), clock.instant());
    }

    /** Resumes a paused queue on every node; its waiting jobs are claimed at once. Returns false when it was not paused. */
    public boolean resumeQueue(String queue) {
        boolean resumed = store.queueResume(JobRequest.requireQueue(queue));
        if (resumed) engine.wake(queue);
        return resumed;
    }

    /**
     * Every queue with unfinished jobs, paused, or worked by this node, in name order: paused or not, depth, running,
     * latency. Read from indexes over unfinished jobs only.
     */
    public List<QueueInfo> queueInfos() {
        return QueueInfo.now(store, queues(), clock.instant());
    }

    /** Paused queues and since when. */
    public Map<String, Instant> pausedQueues() {
        return store.queuesPaused();
    }


    /** Schedules: define, pause, resume, trigger, and see each fire's coverage. */
    public Schedules schedules() {
        return schedules;
    }

    /**
     * Records an operator action in the audit log (the HTTP API audits cancel, retry and delete of jobs, and triggers).
     *
     * @param details JSON, or null
     */
    public AuditEntry audit(String actor, String action, String target, String reason, String details) {
        return store.auditInsert(new AuditEntry(0, clock.instant(), actor, action, target, reason, details));
    }

    /** The audit log, newest first, entries with ids below {@code beforeId} (0: from the newest). */
    public List<AuditEntry> auditLog(long beforeId, int limit) {
        return store.auditList(beforeId, Math.max(1, Math.min(limit, MAX_PAGE)));
    }

    private void cancelQuietly(UUID id) {
        try {
            cancel(id);
        } catch (RuntimeException e) {
            // gone already: nothing left to cancel
        }
    }

    public static JobvaultBuilder builder() {
        return new JobvaultBuilder();
    }

    /**
     * Stores a job and returns once it is durable. Concurrent calls share transactions (group commit). With an
     * idempotency key or unique key, the result may name an existing job instead (see {@link SubmitResult.Status}).
     */
    public SubmitResult submit(JobRequest request) {
        return engine.submit(submissions.toInsert(Objects.requireNonNull(request, "request")));
    }

    /**
     * {@link #submit} that also returns the job, as an API answering a submit does. A new job comes back as the submit
     * stored it, without reading it again (it may already be running by the time the caller looks); a duplicate or a
     * skipped unique key reads the job that was already there.
     */
    public Submitted submitAndGet(JobRequest request) {
        JobInsert insert = submissions.toInsert(Objects.requireNonNull(request, "request"));
        SubmitResult result = engine.submit(insert);
        return new Submitted(result, result.created() ? insert.asStored() : get(result.id()));
    }

    /** Stores all jobs in one transaction: all of them are accepted, or none. Results are in request order. */
    public List<SubmitResult> submitAll(List<JobRequest> requests) {
        if (requests.isEmpty()) return List.of();
        return engine.submitAll(requests.stream().map(submissions::toInsert).toList());
    }

    /**
     * Stores jobs inside the caller's own JDBC transaction on {@code transaction} — a connection to this Jobvault's
     * database, with auto-commit off. Nothing is committed here: the jobs exist if and only if the caller's
     * transaction commits, together with the caller's own changes (the transactional outbox, built in). Workers see
     * them once committed (within the poll interval).
     *
     * @throws IllegalArgumentException      when the connection is in auto-commit mode
     * @throws UnsupportedOperationException when the store cannot share a caller's transaction
     */
    public List<SubmitResult> submitIn(Connection transaction, List<JobRequest> requests) {
        Objects.requireNonNull(transaction, "transaction");
        if (requests.isEmpty()) return List.of();
        return engine.submitIn(transaction, requests.stream().map(submissions::toInsert).toList());
    }

    /** {@link #submitIn(java.sql.Connection, List)} for one job. */
    public SubmitResult submitIn(Connection transaction, JobRequest request) {
        return submitIn(transaction, List.of(request)).getFirst();
    }

    /** Submits a job of {@code definition} with its defaults; the payload is written with the engine's mapper. */
    public <P> SubmitResult submit(JobDefinition<P, ?> definition, P payload) {
        return submit(definition, payload, options -> {});
    }

    /** {@link #submit(JobDefinition, Object)} with {@code options} (delay, idempotency key, …) set over the defaults. */
    public <P> SubmitResult submit(JobDefinition<P, ?> definition, P payload, Consumer<JobRequest.Builder> options) {
        return submit(definition.request(payload, mapper(), options));
    }

    /** Submits one job of {@code definition} per payload, in one transaction; results in payload order. */
    public <P> List<SubmitResult> submitAll(JobDefinition<P, ?> definition, List<P> payloads) {
        return submitAll(payloads.stream().map(p -> definition.request(p, mapper(), options -> {})).toList());
    }

    /** {@link #submitIn(Connection, JobRequest)} for a job of {@code definition}. */
    public <P> SubmitResult submitIn(Connection transaction, JobDefinition<P, ?> definition, P payload) {
        return submitIn(transaction, definition.request(payload, mapper(), options -> {}));
    }

    /**
     * The result of a job of {@code definition}, read with the engine's mapper: empty until it succeeded (or when it
     * succeeded without one). Throws like {@link #get}, and {@link IllegalArgumentException} for a job of another type.
     */
    public <R> Optional<R> result(JobDefinition<?, R> definition, UUID id) {
        return definition.resultOf(get(id), mapper());
    }

    /** The mapper of typed payloads and results (see {@link JobvaultBuilder#objectMapper}). */
    public com.fasterxml.jackson.databind.ObjectMapper mapper() {
        return engine.config().mapper();
    }

    /**
     * The job as stored now.
     *
     * @throws JobExpiredException  when the job existed and was pruned after its retention
     * @throws JobDeletedException  when the job existed and was deleted
     * @throws JobNotFoundException when this store never had a job with this id
     */
    public Job get(UUID id) {
        return store.jobGet(id).orElseThrow(() -> missing(id));
    }

    /** The job and its artifacts, read together; throws like {@link #get}. */
    public JobDetails details(UUID id) {
        return store.jobGetDetails(id).orElseThrow(() -> missing(id));
    }

    /**
     * One page of jobs matching {@code filter}, newest first. Pass the page's {@code nextCursor} for the next page
     * (null for the first). {@code limit} is 1..{@value #MAX_PAGE}.
     */
    public Page<Job> list(JobFilter filter, String cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) throw new IllegalArgumentException("limit must be within 1.." + MAX_PAGE + ": " + limit);
        List<Job> jobs = store.jobsList(new JobListParams(filter == null ? JobFilter.ALL : filter, Page.after(cursor), limit + 1));
        boolean more = jobs.size() > limit;
        List<Job> items = more ? jobs.subList(0, limit) : jobs;
        return new Page<>(items, more ? items.getLast().id().toString() : null);
    }

    /**
     * Cancels the job. A waiting job ends CANCELLED at once; a running one has its handler interrupted (on whichever
     * node runs it) and ends CANCELLED. A finished job is returned unchanged.
     */
    public Job cancel(UUID id) {
        Job job = store.jobCancel(id, clock.instant()).orElseThrow(() -> missing(id));
        if (job.state() == JobState.RUNNING) engine.cancelLocal(id);
        return job;
    }

    /**
     * Runs a DEAD or CANCELLED job again with a fresh attempt budget.
     *
     * @throws JobStateException when the job is in another state
     */
    public Job retry(UUID id) {
        Job job = store.jobRetry(id, clock.instant()).orElseThrow(() -> missing(id));
        engine.wake(job.queue());
        return job;
    }

    /**
     * Runs a SCHEDULED or RETRYING job now instead of at its run-at time (a delayed job, one waiting out its retry
     * back-off): it becomes AVAILABLE and is claimed as soon as its queue has a free slot. Its attempts are unchanged.
     *
     * @throws JobStateException in another state, or while a concurrency or rate limit holds the job back
     */
    public Job runNow(UUID id) {
        Job job = store.jobRunNow(id, clock.instant()).orElseThrow(() -> missing(id));
        engine.wake(job.queue());
        return job;
    }

    /**
     * Deletes the job and its history at once, whatever its state; afterwards {@link #get} reports it expired. A
     * running job's handler is interrupted (here at once, elsewhere at its node's next heartbeat) and its result
     * is rejected.
     *
     * @throws NoSuchJobException when there is no such job
     */
    public void delete(UUID id) {
        if (!store.jobDelete(id, clock.instant())) throw missing(id);
        engine.cancelLocal(id);
        engine.deleteArtifactContent(id);
    }

    /** The job's artifacts, by name. */
    public List<Artifact> artifacts(UUID id) {
        List<StoredArtifact> stored = store.artifactsOf(id);
        if (stored.isEmpty()) get(id); // tells a job without artifacts from one that does not exist
        return stored.stream().map(StoredArtifact::artifact).toList();
    }

    /** An artifact and a way to read its content; empty when the job has no artifact of that name. */
    public Optional<ArtifactContent> artifact(UUID id, String name) {
        return store.artifactGet(id, name).map(a -> new ArtifactContent(a.artifact(), a.key(), engine.artifactStorage()));
    }

    /** Every attempt of the job, oldest first. */
    public List<Attempt> attempts(UUID id) {
        get(id);
        return store.jobAttempts(id);
    }

    /**
     * Jobs per queue, type and state now, of one tenant ({@code null}: every tenant). Read from counters kept in the
     * same transaction as every change of a job, so exact, and as cheap at ten million jobs as at ten.
     */
    public List<JobCount> counts(String tenant) {
        return store.jobCounts(tenant);
    }

    /**
     * Runs ended per minute, queue and outcome from {@code since} on (at most {@link FinishedRuns#RETENTION} back), of
     * one tenant ({@code null}: every tenant), oldest minute first. Minutes over 10 minutes old come from this node's
     * copy of them, read again from the store at least every 10 minutes (see ThroughputReads).
     */
    public List<FinishedRuns> throughput(Instant since, String tenant) {
        return throughput.since(since, tenant);
    }

    /** For servers offering a worker API: claim, heartbeat and finish on behalf of workers in other processes. */
    public RemoteRuns remoteRuns() {
        return engine.remoteRuns();
    }

    public String nodeId() {
        return engine.config().nodeId();
    }

    /**
     * Empty while this process holds its node id; else since when it does not and why (its database session ended and
     * another process took the id). Meanwhile the node claims no jobs; it takes the id back as soon as it is free.
     */
    public Optional<io.jobvault.engine.NodeIdHold.Lost> nodeIdLost() {
        return engine.nodeIdHold().lost();
    }

    /**
     * The node leading maintenance now (rescue of expired leases, pruning, schedules): this one or another; empty while
     * no node holds the lease (for a moment after the leader stopped). Read from the store.
     */
    public Optional<String> maintenanceLeader() {
        return store.leaderOf("maintenance");
    }

    /** The queues this node works (its own and internal ones, such as alert deliveries), in name order. */
    public SortedSet<String> queues() {
        return new TreeSet<>(engine.config().queues().keySet());
    }

    /** The job types this node has handlers for (it records them in the store's node registry with its heartbeat). */
    public Set<String> jobTypes() {
        return engine.config().jobTypes().keySet();
    }

    /** How long a node may be silent before it counts as dead (and its handlers with it). */
    public Duration nodeTimeout() {
        return engine.config().nodeTimeout();
    }

    public Clock clock() {
        return clock;
    }

    /**
     * The clock leases and node liveness are judged on — the database's on PostgreSQL, else {@link #clock()} — and
     * how far this node's clock is from it.
     */
    public LivenessClock livenessClock() {
        return engine.livenessClock();
    }

    private NoSuchJobException missing(UUID id) {
        boolean existedOnce = ids.issued(id) && !JobIds.createdAt(id).isAfter(clock.instant());
        if (!existedOnce) return new JobNotFoundException(id);
        return store.jobDeleted(id) ? new JobDeletedException(id) : new JobExpiredException(id);
    }

    /** Stops gracefully: see {@link Engine#close()}. */
    @Override
    public void close() {
        engine.close();
    }
}
