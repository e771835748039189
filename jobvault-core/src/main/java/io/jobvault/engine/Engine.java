package io.jobvault.engine;

import io.jobvault.JobState;
import io.jobvault.SubmitResult;
import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.artifact.ArtifactWriteFailures;
import io.jobvault.artifact.FileArtifactStore;
import io.jobvault.artifact.LegacyArtifactFiles;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.JobStore;
import io.jobvault.store.LeaseRef;
import io.jobvault.store.StoredArtifact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the moving parts of one node (submit batcher, fetchers, runner, completer, maintenance) and owns their
 * lifecycle. Holds no job state of its own beyond the leases it currently holds.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final JobStore store;
    private final boolean ownsStore;
    private final EngineConfig config;
    private final RunningJobs running = new RunningJobs();
    private final Completer completer;
    private final SubmitBatcher batcher;
    private final Map<String, Fetcher> fetchers = new LinkedHashMap<>();
    private final LeaseKeeper leaseKeeper;
    private final Promoter promoter;
    private final Rescuer rescuer;
    /** Lease heartbeats, node liveness and the leader election: nothing else runs in this loop, so nothing delays them. */
    private final Maintenance liveness;
    /** Scheduled and retrying jobs made available: per node, in a loop of its own so upkeep never delays a due job. */
    private final Maintenance promotion;
    /** The leader's upkeep (rescue, pruning, reconciling, scheduling, alerting): may take long, delays nothing else. */
    private final Maintenance leaderTasks;
    /** Every loop, its thread named {@code jobvault-maintenance-*}. */
    private final List<Maintenance> loops = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final NodeKeeper nodeKeeper;
    /** The clock leases and node liveness are judged on: the database's on PostgreSQL (see {@link LivenessClock}). */
    private final LivenessClock livenessClock;
    private final List<Thread> threads = new ArrayList<>();
    private final ArtifactStorage artifactStorage;
    private final RemoteRuns remoteRuns;
    private final ArtifactWriteFailures artifactWriteFailures = new ArtifactWriteFailures();
    private final NodeIdHold nodeIdHold = new NodeIdHold();
    private AutoCloseable listening;
    private volatile boolean closed;

    private Engine(JobStore store, boolean ownsStore, EngineConfig config) {
        this.store = store;
        this.ownsStore = ownsStore;
        this.config = config;
        this.livenessClock = LivenessClock.of(store, config.clock(), config.nodeId());
        this.promoter = new Promoter(store, config, this::wake);
        this.completer = new Completer(store, running, config.listener(), this::afterFinish);
        this.artifactStorage = artifactStorage(store, config);
        this.batcher = new SubmitBatcher(store, config.submitBatchSize(), this::afterInsert);
        ArtifactWriter artifactWriter = new ArtifactWriter(store, artifactStorage, config, artifactWriteFailures);
        JobRunner runner = new JobRunner(config, running, completer, artifactWriter);
        this.remoteRuns = new RemoteRuns(store, config, livenessClock, artifactWriter, this::wake);
        config.queues().forEach((q, n) -> fetchers.put(q,
                new Fetcher(q, n, store, runner, config, nodeIdHold, livenessClock)));
        this.leaseKeeper = new LeaseKeeper(store, running, config, livenessClock);
        this.nodeKeeper = new NodeKeeper(store, config, livenessClock, nodeIdHold,
                () -> fetchers.values().forEach(Fetcher::wake));
        // per node, each loop on its own thread: liveness (leases, the registry, the election) and promotion; once
        // per cluster (on the leader), in a third: rescue, pruning, reconciling, and the tasks added later. A long
        // leader pass must not let this node's leases or liveness lapse: the cluster would rescue its running jobs
        this.liveness = new Maintenance(config.clock(), config.tickInterval(), List.of(leaseKeeper, nodeKeeper));
        this.rescuer = new Rescuer(store, config, livenessClock, () -> fetchers.values().forEach(Fetcher::wake),
                liveness::lastPassAt);
        this.promotion = new Maintenance(config.clock(), config.tickInterval(), List.of(promoter));
        this.leaderTasks = new Maintenance(config.clock(), config.tickInterval(), List.of(
                new LeaderOnly(rescuer, nodeKeeper::isLeader),
                new LeaderOnly(nodeKeeper.silentNodesRescue(rescuer), nodeKeeper::isLeader),
                new LeaderOnly(new Pruner(store, config, this::deleteArtifactContent), nodeKeeper::isLeader),
                new LeaderOnly(new StatsKeeper(store, config), nodeKeeper::isLeader),
                new LeaderOnly(new ArtifactReconciler(store, artifactStorage, config.artifactReconcileInterval(),
                        config.artifactOrphanGrace()), nodeKeeper::isLeader)));
    }

    /**
     * Starts a node: claims its node id, takes back at once every job its previous incarnation held, then starts
     * claiming. {@code ownsStore}: close the store when the engine closes.
     */
    public static Engine start(JobStore store, boolean ownsStore, EngineConfig config) {
        config.validate();
        store.nodeAcquire(config.nodeId());
        Engine engine;
        try {
            engine = new Engine(store, ownsStore, config); // reads the database's clock
            if (engine.artifactStorage instanceof FileArtifactStore files) {
                LegacyArtifactFiles.moveFromWorkingDirectory(files, job -> recordedSha256(store, job));
            }
            int rescued = engine.rescuer.rescue(new JobRescueParams(engine.livenessClock.instant(), config.nodeId(), 1000));
            if (rescued > 0) log.info("node {} took back {} jobs its previous run held", config.nodeId(), rescued);
            // in the registry with its job types before it serves: every node accepts submits of them from now on
            store.nodeHeartbeat(config.nodeId(), config.jobTypes().keySet(), engine.livenessClock.instant(), io.jobvault.Jobvault.VERSION,
                    engine.livenessClock.skew().orElse(null));
            engine.startThreads();
        } catch (RuntimeException e) {
            store.nodeRelease(config.nodeId());
            throw e;
        }
        return engine;
    }

    /**
     * The configured directory; else the store's own artifact storage (PostgreSQL); else {@code artifacts} in the
     * store's directory (beside the SQLite file). Always an absolute place, never one relative to the working directory.
     */
    private static ArtifactStorage artifactStorage(JobStore store, EngineConfig config) {
        if (config.artifactRoot() != null) return new FileArtifactStore(config.artifactRoot());
        Optional<ArtifactStorage> shared = store.sharedArtifactStorage();
        if (shared.isPresent()) return shared.get();
        return store.directory().map(dir -> new FileArtifactStore(dir.resolve("artifacts"))).orElseThrow(() ->
                new IllegalArgumentException("invalid Jobvault configuration: this store keeps no artifacts and has no"
                        + " directory of its own; set artifactDirectory"));
    }

    /** The keys of a job's recorded artifacts and their SHA-256; empty for a job the store does not know. */
    private static Map<String, String> recordedSha256(JobStore store, UUID job) {
        Map<String, String> keys = new HashMap<>();
        for (StoredArtifact a : store.artifactsOf(job)) keys.put(a.key(), a.artifact().sha256());
        return keys;
    }

    private void startThreads() {
        if (store.capabilities().listenNotify()) {
            listening = store.jobsListen(new io.jobvault.store.StoreEvents() { // what other nodes did
                @Override
                public void available(String queue) {
                    wake(queue);
                }

                @Override
                public void cancelRequested(UUID id) {
                    cancelLocal(id);
                }
            });
        }
        threads.add(Thread.ofPlatform().name("jobvault-submit").daemon().start(batcher));
        threads.add(Thread.ofPlatform().name("jobvault-complete").daemon().start(completer));
        for (Fetcher f : fetchers.values()) {
            threads.add(Thread.ofPlatform().name("jobvault-fetch-" + f.queue()).daemon().start(f));
        }
        startLoop("liveness", liveness);
        startLoop("promote", promotion);
        startLoop("leader", leaderTasks);
    }

    private void startLoop(String name, Maintenance loop) {
        loops.add(loop);
        threads.add(Thread.ofPlatform().name("jobvault-maintenance-" + name).daemon().start(loop));
    }

    public EngineConfig config() {
        return config;
    }

    /** The clock leases and node liveness are judged on, and how far this node's clock is from it. */
    public LivenessClock livenessClock() {
        return livenessClock;
    }

    /** Group-committed single submit; returns once the job is durable. */
    public SubmitResult submit(JobInsert insert) {
        SubmitResult result = config.tracing().submit(List.of(insert), traced -> batcher.submit(traced.getFirst()));
        tellSubmitted(List.of(insert), List.of(result));
        return result;
    }

    /** All jobs in one transaction. */
    public List<SubmitResult> submitAll(List<JobInsert> inserts) {
        if (closed) throw new io.jobvault.JobvaultException("Jobvault is closed: submit refused (nothing was stored)");
        List<SubmitResult> results = inserts.isEmpty() ? store.jobsInsert(inserts)
                : config.tracing().submit(inserts, store::jobsInsert);
        afterInsert(inserts);
        tellSubmitted(inserts, results);
        return results;
    }

    /** Jobs inserted in the caller's transaction (see {@code Jobvault.submitIn}), traced like any submit. */
    public List<SubmitResult> submitIn(java.sql.Connection transaction, List<JobInsert> inserts) {
        if (inserts.isEmpty()) return store.jobsInsertIn(transaction, inserts);
        return config.tracing().submit(inserts, traced -> store.jobsInsertIn(transaction, traced));
    }

    /** Tells the listener about each job a submit created. */
    private void tellSubmitted(List<JobInsert> inserts, List<SubmitResult> results) {
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).created()) config.listener().jobSubmitted(inserts.get(i).type(), inserts.get(i).queue());
        }
    }

    /** Interrupts the handler of a job this node runs; false when it runs elsewhere (its heartbeat will tell it). */
    public boolean cancelLocal(UUID id) {
        return leaseKeeper.cancelLocal(id);
    }

    /** Leases held by workers in other processes. */
    public RemoteRuns remoteRuns() {
        return remoteRuns;
    }

    /** Where this node keeps artifact content: a directory, or the database. */
    public ArtifactStorage artifactStorage() {
        return artifactStorage;
    }

    /** Whether this process holds its node id; while it does not, it claims nothing. */
    public NodeIdHold nodeIdHold() {
        return nodeIdHold;
    }

    /** This node's artifact writes that failed for lack of space since the last that succeeded. */
    public ArtifactWriteFailures artifactWriteFailures() {
        return artifactWriteFailures;
    }

    /** Deletes a pruned or deleted job's artifact content; a failure is logged (the reconciler finds leftovers). */
    public void deleteArtifactContent(UUID id) {
        try {
            artifactStorage.deleteJob(id);
        } catch (RuntimeException e) {
            log.warn("cannot delete the artifact content of job {}: {}", id, e.toString());
        }
    }

    /**
     * Runs {@code task} on this node, whether or not it leads, in a loop of its own: the leader's loop can take many
     * seconds per pass while the store is away (each task waits out the pool's connection timeout), and a task that
     * watches the store must not wait behind it.
     */
    public void addIndependentTask(MaintenanceTask task) {
        startLoop(task.getClass().getSimpleName(), new Maintenance(config.clock(), config.tickInterval(), List.of(task)));
    }

    /**
     * Runs {@code task} in the leader's loop, only while this node is the maintenance leader (once per cluster). It
     * should do bounded work per tick; however long it takes, this node's heartbeats go on in their own loop.
     */
    public void addLeaderTask(MaintenanceTask task) {
        leaderTasks.add(new LeaderOnly(task, nodeKeeper::isLeader));
    }

    /** Runs the leader's tasks soon, not after their interval (on a node that does not lead, they do nothing). */
    public void wakeLeaderTasks() {
        leaderTasks.wake();
    }

    /** A job became available again (retried by an operator): wake its queue's fetcher. */
    public void wake(String queue) {
        Fetcher f = fetchers.get(queue);
        if (f != null) f.wake();
    }

    private void wake(Set<String> queues) {
        for (String q : queues) wake(q);
    }

    private void afterInsert(List<JobInsert> inserts) {
        for (JobInsert i : inserts) {
            if (i.state() == JobState.AVAILABLE) wake(i.queue());
            else promoter.noteDue(i.runAt());
        }
    }

    private void afterFinish(JobFinish f) {
        if (f.runAt() != null) promoter.noteDue(f.runAt());
        // a job available again, or one its concurrency key woke in the finishing transaction (maybe in another queue)
        if ((f.runAt() != null && f.newState() == JobState.AVAILABLE) || f.concurrencyKey() != null) {
            fetchers.values().forEach(Fetcher::wake);
        }
    }

    /**
     * Graceful stop: refuse submits (committing those already queued), stop claiming, let running handlers finish
     * within the shutdown grace, interrupt the rest and hand their leases back so they resume at once elsewhere or on
     * the next start. Returns within the grace plus {@link #WIND_DOWN} even while the store is unreachable: what the
     * store has not done by then (recording ends, handing leases back, leaving the registry) is left to lease expiry
     * and to the next start of this node id, which takes back at once what it held. The node id is released always.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        long graceEnd = System.nanoTime() + config.shutdownGrace().toNanos();
        long threadsEnd = graceEnd + WIND_DOWN.toNanos() / 2;
        long end = graceEnd + WIND_DOWN.toNanos();
        batcher.close();
        fetchers.values().forEach(Fetcher::stop);
        awaitThreads(t -> t.getName().startsWith("jobvault-submit") || t.getName().startsWith("jobvault-fetch"), graceEnd);
        while (fetchers.values().stream().anyMatch(f -> f.busy() > 0) && System.nanoTime() < graceEnd) {
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        for (RunningJob run : running.all()) run.stop(StopReason.SHUTDOWN);
        completer.stop(); // records what has ended, then ends
        loops.forEach(Maintenance::stop);
        awaitThreads(t -> true, threadsEnd);
        // what still runs waits on a store that does not answer (or on a lock held by what does): interrupted, it gives up
        for (Thread t : threads) t.interrupt();
        List<LeaseRef> unfinished = running.all().stream().map(RunningJob::lease).toList();
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                log.warn("cannot stop listening for wake-ups: {}", e.toString());
            }
        }
        try {
            leaveStore(unfinished, end);
        } finally {
            try {
                store.nodeRelease(config.nodeId());
            } catch (RuntimeException e) {
                log.warn("cannot release node id {}: {}", config.nodeId(), e.toString());
            }
            if (ownsStore) closeStore(end);
        }
    }

    /**
     * Closes the store this engine opened, waiting for it until {@code end} (System.nanoTime) at most: a pool that
     * cannot reach its database may take seconds to stop (HikariCP waits out its connection adder's back-off), and
     * then finishes closing on its own, in the background.
     */
    private void closeStore(long end) {
        Thread closing = Thread.ofPlatform().name("jobvault-store-close").daemon().start(() -> {
            try {
                store.close();
            } catch (RuntimeException e) {
                log.warn("cannot close the store: {}", e.toString());
            }
        });
        if (!awaitThread(closing, end)) {
            log.warn("the store did not close within the shutdown grace; it finishes closing in the background");
        }
    }

    /**
     * How long {@link #close()} may take beyond the shutdown grace: half for the engine's loops to record what ended
     * and end, half for handing leases back and leaving the registry.
     */
    static final Duration WIND_DOWN = Duration.ofSeconds(2);

    /**
     * Hands the unfinished leases back and leaves the registry and the leadership, as far as the store answers before
     * {@code end} (System.nanoTime). Each step is tried even when the one before failed.
     */
    private void leaveStore(List<LeaseRef> unfinished, long end) {
        Thread leaving = Thread.ofVirtual().name("jobvault-close").start(() -> {
            if (!unfinished.isEmpty()) {
                try {
                    int n = store.jobsRelease(config.nodeId(), unfinished, config.clock().instant());
                    log.info("handed back {} unfinished jobs at shutdown; they run again at once on the next start", n);
                } catch (RuntimeException e) {
                    log.warn("cannot hand back {} unfinished jobs at shutdown ({}); they run again when their leases"
                            + " expire, or at once when node {} starts again", unfinished.size(), e.toString(), config.nodeId());
                }
            }
            try {
                nodeKeeper.leave();
            } catch (RuntimeException e) {
                log.warn("cannot leave the node registry at shutdown ({}); other nodes see node {} as silent and take"
                        + " over once it times out", e.toString(), config.nodeId());
            }
        });
        if (!awaitThread(leaving, end)) {
            log.warn("the store did not answer within the shutdown grace: node {} stops without handing back {} jobs"
                    + " (they run again when their leases expire, or at once when it starts again)", config.nodeId(),
                    unfinished.size());
            leaving.interrupt();
        }
    }

    /** Waits for the engine's threads that {@code which} selects, until {@code end} (System.nanoTime) at most. */
    private void awaitThreads(java.util.function.Predicate<Thread> which, long end) {
        for (Thread t : threads) {
            if (which.test(t) && !awaitThread(t, end)) return;
        }
    }

    /** Whether {@code t} ended before {@code end} (System.nanoTime); false too when this thread is interrupted. */
    private static boolean awaitThread(Thread t, long end) {
        try {
            return t.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
