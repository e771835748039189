package io.jobvault.store;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.SubmitResult;
import io.jobvault.artifact.ArtifactStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where jobs live. Internal SPI (it may change between versions): the engine is its only caller. Operations are
 * batch-shaped, take {@code now} from the engine's clock, and each write is one transaction. Every state change
 * of a running job is fenced: it applies only while the job is RUNNING under the given owner and attempt.
 * Every implementation passes the conformance suite in {@code jobvault-testkit}.
 */
public interface JobStore extends ScheduleStore, AlertStore, ReportStore, JobTypeStore, BulkStore, QueueStore,
        AutoCloseable {

    StoreCapabilities capabilities();

    /** A value from the store's metadata; when absent, stores {@code valueIfAbsent} and returns it. */
    String metaGetOrInit(String key, String valueIfAbsent);

    /**
     * Claims a node identity for this process. Fails with {@link io.jobvault.JobvaultException} when a live process
     * already holds it (two processes sharing a node id would rescue each other's jobs).
     */
    void nodeAcquire(String nodeId);

    void nodeRelease(String nodeId);

    /**
     * Makes sure this process still holds {@code nodeId} (taken by {@link #nodeAcquire}), taking it again if its hold
     * ended on its own (a database session that ended). Empty while held; else why not — another process took the id. Throws
     * {@link StoreException} when the store cannot be reached to tell (an outage, alerted as such). Called before each node heartbeat.
     */
    default Optional<String> nodeKeep(String nodeId) {
        return Optional.empty();
    }

    /**
     * Records that node {@code nodeId} is alive at {@code now} and has handlers for {@code jobTypes} (registering it
     * on the first call).
     */
    default void nodeHeartbeat(String nodeId, Set<String> jobTypes, Instant now) {
        nodeHeartbeat(nodeId, jobTypes, now, null, null);
    }

    /**
     * As {@link #nodeHeartbeat(String, Set, Instant)}, also recording the node's version and how far its clock is from
     * the database's (positive: ahead), each null when not known.
     */
    void nodeHeartbeat(String nodeId, Set<String> jobTypes, Instant now, String version, java.time.Duration clockSkew);

    /** Every node in the registry (alive, or silent and not yet forgotten), by id: a row per node, so a short read. */
    List<NodeRow> nodesList();

    /**
     * The database server's clock now, where processes on several machines share the store (PostgreSQL) and their
     * clocks may disagree: leases and node liveness are judged on it. Empty where every process of the store shares
     * one machine's clock (SQLite).
     */
    default Optional<Instant> databaseNow() {
        return Optional.empty();
    }

    /** Nodes whose last heartbeat is before {@code cutoff}: dead or cut off. */
    List<String> nodesSilentSince(Instant cutoff);

    /** Forgets a node (it stopped, or its jobs were rescued). */
    void nodeForget(String nodeId);

    /**
     * Takes or keeps the lease of {@code role} until {@code until}, if it is free, expired at {@code now}, or already
     * held by {@code nodeId}. Returns whether {@code nodeId} holds it now.
     */
    boolean leaderAttemptElect(String role, String nodeId, Instant now, Instant until);

    /** Who holds {@code role} now (an expired lease still names its last holder). */
    Optional<String> leaderOf(String role);

    /** Gives the role up, if {@code nodeId} holds it, so another node can take it at once. */
    void leaderResign(String role, String nodeId);

    /** Inserts all jobs in one transaction; one result per job, in order. */
    List<SubmitResult> jobsInsert(List<JobInsert> jobs);

    /**
     * Records a job whose work was done without the store — an alert delivery the node's outbox sent while the store
     * was unreachable — as SUCCEEDED: one attempt by {@code node}, created, started and finished at the insert's
     * {@code now}, with {@code result}, kept for its succeeded retention; it never runs. When a job with its idempotency
     * key exists already, nothing changes and that job is named (DUPLICATE).
     */
    SubmitResult jobInsertSucceeded(JobInsert job, String node, String result);

    /**
     * Inserts jobs in the caller's open transaction on {@code transaction} (a connection to this store's database),
     * committing nothing: they exist if and only if the caller commits.
     *
     * @throws UnsupportedOperationException when the store cannot share a caller's transaction
     */
    default List<SubmitResult> jobsInsertIn(Connection transaction, List<JobInsert> jobs) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot enqueue in a caller's transaction");
    }

    /**
     * Subscribes to events from other processes — jobs became available, a cancel was requested (see
     * {@link StoreCapabilities#listenNotify()}); close the result to stop. Stores without them return a no-op.
     */
    default AutoCloseable jobsListen(StoreEvents events) {
        return () -> {};
    }

    /**
     * Artifact content storage inside this store's database, shared by every node on it; empty where the store has
     * none (then artifacts go to a directory). The store closes it.
     */
    default Optional<ArtifactStorage> sharedArtifactStorage() {
        return Optional.empty();
    }

    /**
     * The absolute directory that holds this store's own files on this machine (SQLite: the database file's
     * directory), where a node keeps artifact files unless told otherwise; empty for a store on a server.
     */
    default Optional<Path> directory() {
        return Optional.empty();
    }

    /**
     * Claims up to {@code limit} available jobs of one queue in one statement: RUNNING, leased, attempt + 1. A paused
     * queue (see {@link QueueStore}) gives none.
     */
    List<Job> jobsClaim(JobClaimParams params);

    /** Makes up to {@code limit} SCHEDULED and RETRYING jobs whose run-at has come AVAILABLE. */
    PromotedJobs jobsPromoteDue(Instant now, int limit);

    /** The earliest run-at of a SCHEDULED or RETRYING job, if any. */
    Optional<Instant> jobsNextDueAt();

    /** Records the end of runs; each applies only if still held. Returns, in order, whether each applied. */
    boolean[] jobsFinishIfRunning(List<JobFinish> finishes);

    /**
     * Extends the leases of a node's running jobs in one statement, each only while the job runs under that lease's
     * attempt (its fencing token): a stale run's lease is reported lost and extends nothing.
     */
    HeartbeatResult jobsHeartbeat(JobHeartbeatParams params);

    /** Stores progress for runs still held; returns, in order, whether each applied. */
    boolean[] jobsProgressIfRunning(List<JobProgress> updates, Instant now);

    /**
     * Takes back RUNNING jobs whose lease expired before {@code now} (or, with an owner, every job that owner holds):
     * AVAILABLE when attempts are left, DEAD otherwise; each taken-back attempt is recorded as LEASE_EXPIRED.
     */
    List<RescuedJob> jobsRescue(JobRescueParams params);

    /** Hands held leases back at shutdown: the jobs become AVAILABLE and the attempt does not count. */
    int jobsRelease(String owner, List<LeaseRef> leases, Instant now);

    /**
     * Undoes claims whose answer never reached their worker (it went away mid long-poll): each job still RUNNING under
     * {@code owner} and the attempt is AVAILABLE again with its attempt count and start as before the claim, and no
     * history is recorded — the run never began. Returns how many were undone.
     */
    int jobsUnclaim(String owner, List<LeaseRef> claimed);

    /**
     * Deletes up to {@code limit} finished jobs whose retention ended before {@code now}, with their history and
     * artifact metadata. Returns their ids, so their artifact files can be deleted.
     */
    List<UUID> jobsPrune(Instant now, int limit);

    /**
     * How far pruning is behind at {@code now}: finished jobs past their retention, counted up to {@code limit}, and
     * the earliest end of retention among them. Reads the expiry index only, so its cost is bounded by {@code limit}
     * whatever the size of the table.
     */
    PruneBacklog jobsPruneBacklog(Instant now, int limit);

    Optional<Job> jobGet(UUID id);

    /** The job and its artifacts in one read. */
    Optional<io.jobvault.JobDetails> jobGetDetails(UUID id);

    /** Newest first, after {@code params.afterId()}; uses indexes, never a scan that grows with finished jobs. */
    List<Job> jobsList(JobListParams params);

    /**
     * Cancels a job: a waiting one at once, a running one by setting its cancel-requested flag (its node interrupts
     * the handler). A finished job is left as it is. Returns the job after the change, empty when it does not exist.
     */
    Optional<Job> jobCancel(UUID id, Instant now);

    /**
     * Cancels a job only while it waits (scheduled, available, retrying), in one statement: a job claimed meanwhile is
     * left running, without a cancel request. Whether it was cancelled.
     */
    boolean jobCancelIfWaiting(UUID id, Instant now);

    /**
     * Makes a DEAD or CANCELLED job AVAILABLE again with a fresh attempt budget. Returns the job after the change,
     * empty when it does not exist; throws {@link io.jobvault.JobStateException} (changing nothing) in another state.
     */
    Optional<Job> jobRetry(UUID id, Instant now);

    /**
     * Makes a SCHEDULED or RETRYING job due at {@code now} (AVAILABLE, to be claimed at once) and returns it; empty
     * when there is no such job. Throws {@link io.jobvault.JobStateException} in another state, or while a
     * concurrency or rate limit holds it back (it runs when the limit allows; making it due would not move it on).
     */
    Optional<Job> jobRunNow(UUID id, Instant now);

    /**
     * Deletes a job and its history whatever its state (a running job's node then finds its lease lost), and
     * remembers that it was deleted (see {@link #jobDeleted}). Returns false when there was no such job.
     */
    boolean jobDelete(UUID id, Instant now);

    /** Whether the job was deleted by {@link #jobDelete} — not pruned after its retention — while that is remembered. */
    boolean jobDeleted(UUID id);

    /** Forgets up to {@code limit} deletions made before {@code cutoff}; returns how many. */
    int deletedJobsPrune(Instant cutoff, int limit);

    /** Records an artifact if the run still holds the job's lease; replaces one of the same name. */
    ArtifactPutResult artifactPutIfRunning(ArtifactPut put, Instant now);

    /** The job's artifacts, by name. */
    List<StoredArtifact> artifactsOf(UUID jobId);

    Optional<StoredArtifact> artifactGet(UUID jobId, String name);

    /** Artifacts in (job, name) order after the given position (null, null: from the start), for reconciling. */
    List<StoredArtifact> artifactsPage(UUID afterJob, String afterName, int limit);

    /** The storage keys of the artifacts of each of {@code jobIds}, in one query; a job with none is absent. */
    Map<UUID, Set<String>> artifactKeysOf(java.util.Collection<UUID> jobIds);

    /** Marks an artifact's file missing since {@code since}, or present again when {@code since} is null. */
    void artifactSetMissing(UUID jobId, String name, Instant since);

    /** How many artifacts have a missing file. */
    long artifactsMissingCount();

    /** Every attempt of the job, oldest first, including the one running now. */
    List<Attempt> jobAttempts(UUID id);

    /** Unfinished jobs (scheduled, available, running, retrying) by queue and state, from the counters of {@link #jobCounts}. */
    Map<String, Map<io.jobvault.JobState, Long>> jobsCountUnfinished();

    /**
     * Jobs per queue, type and state, of one tenant ({@code null}: of all), from counters kept by every change of a
     * job in its own transaction; never a count of the jobs table. Keys whose count is zero are left out.
     */
    List<io.jobvault.JobCount> jobCounts(String tenant);

    /** Runs ended per minute, queue and outcome, from {@code since} on, of one tenant ({@code null}: of all); by minute. */
    List<io.jobvault.FinishedRuns> jobsFinishedPerMinute(Instant since, String tenant);

    /**
     * Folds at most {@code limit} rows of the counters' change logs into their totals, where the store keeps logs
     * (so that concurrent writers never wait for one counter row); returns the rows folded, 0 where there is no log.
     */
    int jobStatsFold(int limit);

    /** Forgets at most {@code limit} per-minute figures of minutes before {@code cutoff}, and counters at zero. */
    int jobStatsPrune(Instant cutoff, int limit);

    /** The run-at of the available job waiting longest, if any. */
    Optional<Instant> jobsOldestAvailableRunAt();

    /** Running jobs by the node that holds them. */
    Map<String, Long> jobsRunningByNode();

    /** Stores a token's record with the SHA-256 (hex) of its secret. */
    void tokenInsert(ApiToken token, String secretHash);

    /** The token whose secret hashes to {@code secretHash}, revoked or not. */
    Optional<ApiToken> tokenByHash(String secretHash);

    List<ApiToken> tokenList();

    /** The token with this id, revoked or not (a dashboard session names its token by id, never by secret). */
    Optional<ApiToken> tokenById(String id);

    /** Revokes a token; false when there is no active token with this id. */
    boolean tokenRevoke(String id, Instant now);

    /** How many active, unbound tokens have the admin scope. */
    int tokenCountActiveAdmins();

    /**
     * Why writes from this process fail now; empty while they work. Set by a write transaction that failed for the
     * database's sake (a full disk, an I/O error; not refused data), cleared by one that wrote and committed, or by
     * {@link #writeProbe}. Costs nothing: readiness asks it on every request.
     */
    default Optional<WriteFailure> writeFailure() {
        return Optional.empty();
    }

    /** Writes one small row, to learn whether writes work again: clears {@link #writeFailure} or throws why not. */
    default void writeProbe(Instant now) {}

    @Override
    void close();
}
