package io.jobvault.store.sqlite;

import static io.jobvault.store.sqlite.SqliteRows.idArray;
import static io.jobvault.store.sqlite.SqliteRows.setMillis;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.JobStateException;
import io.jobvault.SubmitResult;
import io.jobvault.json.Json;
import io.jobvault.store.ApiToken;
import io.jobvault.store.ArtifactPut;
import io.jobvault.store.ArtifactPutResult;
import io.jobvault.store.StoredArtifact;
import io.jobvault.store.HeartbeatResult;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobHeartbeatParams;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobListParams;
import io.jobvault.store.JobProgress;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.JobStore;
import io.jobvault.store.LeaseRef;
import io.jobvault.store.PromotedJobs;
import io.jobvault.store.RescuedJob;
import io.jobvault.store.StoreCapabilities;
import io.jobvault.store.StoreException;
import io.jobvault.store.jdbc.SqlQueries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The embedded store: one SQLite file, durable on every commit. SQL lives in {@code sqlite/jobs.sql}. */
public final class SqliteJobStore implements JobStore {
    static final SqlQueries SQL = SqlQueries.load("/io/jobvault/store/sqlite/jobs.sql");

    private final Path file;
    private final SqliteDatabase db;
    private final SqliteNodeLocks nodeLocks;

    private SqliteJobStore(Path file) {
        this.file = file;
        this.db = new SqliteDatabase(file);
        this.nodeLocks = new SqliteNodeLocks(file);
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static SqliteJobStore open(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of " + abs + ": " + e.getMessage(), e);
        }
        SqliteSchema.migrate("jdbc:sqlite:" + abs);
        return new SqliteJobStore(abs);
    }

    public Path file() {
        return file;
    }

    @Override
    public StoreCapabilities capabilities() {
        return new StoreCapabilities(true, false);
    }

    @Override
    public String metaGetOrInit(String key, String valueIfAbsent) {
        return db.write("read store metadata", c -> {
            PreparedStatement ins = db.writeStatement(SQL.get("metaInsert"));
            ins.setString(1, key);
            ins.setString(2, valueIfAbsent);
            ins.executeUpdate();
            PreparedStatement get = db.writeStatement(SQL.get("metaGet"));
            get.setString(1, key);
            try (ResultSet rs = get.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Override
    public void nodeAcquire(String nodeId) {
        nodeLocks.acquire(nodeId);
    }

    @Override
    public void nodeRelease(String nodeId) {
        nodeLocks.release(nodeId);
    }

    @Override
    public List<SubmitResult> jobsInsert(List<JobInsert> jobs) {
        if (jobs.isEmpty()) return List.of();
        return db.write("insert jobs", c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("insertJob"));
            for (JobInsert j : jobs) {
                ps.setString(1, j.id().toString());
                ps.setString(2, j.type());
                ps.setString(3, j.queue());
                ps.setString(4, j.state().dbName());
                ps.setInt(5, j.priority());
                ps.setString(6, j.payload());
                ps.setInt(7, j.maxAttempts());
                setMillis(ps, 8, j.runAt());
                setMillis(ps, 9, j.now());
                setMillis(ps, 10, j.timeout());
                ps.setString(11, j.tenant());
                ps.setString(12, j.idempotencyKey());
                ps.setString(13, j.uniqueKey());
                ps.setString(14, Json.writeLabels(j.labels()));
                setMillis(ps, 15, j.retention().succeeded());
                setMillis(ps, 16, j.retention().cancelled());
                setMillis(ps, 17, j.retention().dead());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<SubmitResult> results = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                JobInsert j = jobs.get(i);
                results.add(counts[i] > 0 ? new SubmitResult(j.id(), SubmitResult.Status.CREATED) : existing(j));
            }
            return results;
        });
    }

    /** The job an insert collided with: same idempotency key first, else an active job with the same unique key. */
    private SubmitResult existing(JobInsert j) throws SQLException {
        if (j.idempotencyKey() != null) {
            UUID id = findId("findByIdempotencyKey", j.tenant(), j.idempotencyKey());
            if (id != null) return new SubmitResult(id, SubmitResult.Status.DUPLICATE);
        }
        if (j.uniqueKey() != null) {
            UUID id = findId("findActiveByUniqueKey", j.tenant(), j.uniqueKey());
            if (id != null) return new SubmitResult(id, SubmitResult.Status.SKIPPED_UNIQUE);
        }
        throw new SQLException("insert of job " + j.id() + " was ignored but no conflicting job was found");
    }

    private UUID findId(String query, String tenant, String key) throws SQLException {
        PreparedStatement ps = db.writeStatement(SQL.get(query));
        ps.setString(1, tenant);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? UUID.fromString(rs.getString(1)) : null;
        }
    }

    @Override
    public List<Job> jobsClaim(JobClaimParams p) {
        return db.write("claim jobs", c -> {
            PreparedStatement ps = db.writeStatement(SQL.get(p.tenant() == null ? "claimAvailable" : "claimAvailableForTenant"));
            if (p.tenant() != null) ps.setString(6, p.tenant());
            ps.setString(1, p.queue());
            ps.setInt(2, p.limit());
            ps.setString(3, p.owner());
            setMillis(ps, 4, p.leaseUntil());
            setMillis(ps, 5, p.now());
            List<Job> jobs = new ArrayList<>(p.limit());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) jobs.add(SqliteRows.job(rs));
            }
            return jobs;
        });
    }

    @Override
    public PromotedJobs jobsPromoteDue(Instant now, int limit) {
        return db.write("promote due jobs", c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("promoteDue"));
            setMillis(ps, 1, now);
            ps.setInt(2, limit);
            int count = 0;
            Set<String> queues = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    count++;
                    queues.add(rs.getString(1));
                }
            }
            return new PromotedJobs(count, queues);
        });
    }

    @Override
    public Optional<Instant> jobsNextDueAt() {
        return db.read("find the next due job", c -> {
            try (ResultSet rs = db.readStatement(c, SQL.get("nextDueAt")).executeQuery()) {
                return Optional.ofNullable(rs.next() ? SqliteRows.instant(rs, "min(run_at)") : null);
            }
        });
    }

    @Override
    public boolean[] jobsFinishIfRunning(List<JobFinish> finishes) {
        if (finishes.isEmpty()) return new boolean[0];
        return db.write("record finished runs", c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("finishIfRunning"));
            for (JobFinish f : finishes) {
                ps.setString(1, f.id().toString());
                ps.setInt(2, f.attempt());
                ps.setString(3, f.owner());
                ps.setString(4, f.newState().dbName());
                setMillis(ps, 5, f.runAt());
                ps.setInt(6, f.snoozed() ? 1 : 0);
                ps.setString(7, f.result());
                ps.setString(8, f.errorMessage());
                setMillis(ps, 9, f.now());
                if (f.progressPercent() == null) ps.setNull(10, java.sql.Types.INTEGER);
                else ps.setInt(10, f.progressPercent());
                ps.setString(11, f.progressMessage());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] applied = new boolean[finishes.size()];
            PreparedStatement history = null;
            for (int i = 0; i < applied.length; i++) {
                applied[i] = counts[i] > 0;
                JobFinish f = finishes.get(i);
                // A successful attempt is read off the job row; only other endings get a history row.
                if (applied[i] && f.outcome() != Attempt.Outcome.SUCCEEDED) {
                    if (history == null) history = db.writeStatement(SQL.get("insertAttempt"));
                    bindAttempt(history, f.id(), f.attempt(), f.owner(), f.startedAt(), f.now(), f.outcome(),
                            f.errorMessage(), f.errorType(), f.stackTrace());
                    history.addBatch();
                }
            }
            if (history != null) history.executeBatch();
            return applied;
        });
    }

    private static void bindAttempt(PreparedStatement ps, UUID id, int attempt, String node, Instant startedAt,
                                    Instant finishedAt, Attempt.Outcome outcome, String error, String errorType,
                                    String stack) throws SQLException {
        ps.setString(1, id.toString());
        ps.setInt(2, attempt);
        ps.setString(3, node);
        setMillis(ps, 4, startedAt);
        setMillis(ps, 5, finishedAt);
        ps.setString(6, outcome.name());
        ps.setString(7, error);
        ps.setString(8, errorType);
        ps.setString(9, stack);
    }

    @Override
    public HeartbeatResult jobsHeartbeat(JobHeartbeatParams p) {
        Map<UUID, Integer> held = new HashMap<>();
        for (LeaseRef l : p.leases()) held.put(l.id(), l.attempt());
        return db.write("heartbeat leases", c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("heartbeat"));
            ps.setString(1, p.owner());
            setMillis(ps, 2, p.leaseUntil());
            ps.setString(3, idArray(held.keySet()));
            Set<UUID> kept = new HashSet<>();
            Set<UUID> cancel = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = UUID.fromString(rs.getString(1));
                    if (held.get(id) != rs.getInt(2)) continue; // re-claimed since: that is another run
                    kept.add(id);
                    if (rs.getInt(3) != 0) cancel.add(id);
                }
            }
            Set<LeaseRef> lost = new HashSet<>();
            for (LeaseRef l : p.leases()) if (!kept.contains(l.id())) lost.add(l);
            return new HeartbeatResult(lost, cancel);
        });
    }

    @Override
    public boolean[] jobsProgressIfRunning(List<JobProgress> updates, Instant now) {
        if (updates.isEmpty()) return new boolean[0];
        return db.write("record progress", c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("progressIfRunning"));
            for (JobProgress u : updates) {
                ps.setString(1, u.id().toString());
                ps.setInt(2, u.attempt());
                ps.setString(3, u.owner());
                ps.setInt(4, u.percent());
                ps.setString(5, u.message());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            boolean[] applied = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) applied[i] = counts[i] > 0;
            return applied;
        });
    }

    @Override
    public List<RescuedJob> jobsRescue(JobRescueParams p) {
        return db.write("rescue expired leases", c -> {
            PreparedStatement select = db.writeStatement(SQL.get(p.owner() == null ? "selectExpiredLeases" : "selectLeasesOfOwner"));
            if (p.owner() == null) setMillis(select, 1, p.now());
            else select.setString(1, p.owner());
            select.setInt(2, p.limit());
            List<RescuedJob> rescued = new ArrayList<>();
            List<Boolean> cancelRequested = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int attempt = rs.getInt("attempt");
                    boolean cancel = rs.getInt("cancel_requested") != 0;
                    JobState next = cancel ? JobState.CANCELLED
                            : attempt >= rs.getInt("max_attempts") ? JobState.DEAD : JobState.AVAILABLE;
                    rescued.add(new RescuedJob(UUID.fromString(rs.getString("id")), rs.getString("type"), attempt,
                            rs.getString("lease_owner"), SqliteRows.instant(rs, "started_at"), next));
                    cancelRequested.add(cancel);
                }
            }
            for (RescuedJob r : rescued) {
                String why = p.owner() == null
                        ? "lease expired: node " + r.owner() + " stopped heartbeating (crashed, stalled or cut off)"
                        : "node " + r.owner() + " restarted while running this job";
                takeBack(r.id(), r.attempt(), r.owner(), r.startedAt(), r.newState(), false, Attempt.Outcome.LEASE_EXPIRED, why, p.now());
            }
            return rescued;
        });
    }

    @Override
    public int jobsRelease(String owner, List<LeaseRef> leases, Instant now) {
        return db.write("hand back leases", c -> {
            int n = 0;
            PreparedStatement lease = db.writeStatement(SQL.get("selectLease"));
            for (LeaseRef l : leases) {
                lease.setString(1, l.id().toString());
                lease.setInt(2, l.attempt());
                lease.setString(3, owner);
                boolean cancel;
                try (ResultSet rs = lease.executeQuery()) {
                    if (!rs.next()) continue;
                    cancel = rs.getInt(1) != 0;
                }
                JobState next = cancel ? JobState.CANCELLED : JobState.AVAILABLE;
                n += takeBack(l.id(), l.attempt(), owner, null, next, true, Attempt.Outcome.RELEASED,
                        "node " + owner + " shut down before the job finished; handed back", now);
            }
            return n;
        });
    }

    /** Ends a run its node did not finish, and records why in the history. Call inside a write. */
    private int takeBack(UUID id, int attempt, String owner, Instant startedAt, JobState next, boolean free,
                         Attempt.Outcome outcome, String why, Instant now) throws SQLException {
        PreparedStatement ps = db.writeStatement(SQL.get("takeBack"));
        ps.setString(1, id.toString());
        ps.setInt(2, attempt);
        ps.setString(3, next.dbName());
        ps.setInt(4, free ? 1 : 0);
        ps.setString(5, why);
        setMillis(ps, 6, now);
        int n = ps.executeUpdate();
        if (n > 0) {
            PreparedStatement history = db.writeStatement(SQL.get("insertAttempt"));
            bindAttempt(history, id, attempt, owner, startedAt, now, outcome, why, null, null);
            history.executeUpdate();
        }
        return n;
    }

    @Override
    public List<UUID> jobsPrune(Instant now, int limit) {
        return db.write("prune finished jobs", c -> {
            PreparedStatement select = db.writeStatement(SQL.get("selectExpired"));
            setMillis(select, 1, now);
            select.setInt(2, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) ids.add(UUID.fromString(rs.getString(1)));
            }
            if (ids.isEmpty()) return ids;
            String array = idArray(ids);
            for (String query : List.of("deleteAttemptsOf", "deleteArtifactsOf", "deleteJobs")) {
                PreparedStatement ps = db.writeStatement(SQL.get(query));
                ps.setString(1, array);
                ps.executeUpdate();
            }
            return ids;
        });
    }

    @Override
    public Optional<Job> jobGet(UUID id) {
        return db.read("read job " + id, c -> readJob(c, id));
    }

    @Override
    public Optional<io.jobvault.JobDetails> jobGetDetails(UUID id) {
        return db.read("read job " + id, c -> {
            Optional<Job> job = readJob(c, id);
            if (job.isEmpty()) return Optional.empty();
            return Optional.of(new io.jobvault.JobDetails(job.get(), readArtifacts(c, id).stream().map(StoredArtifact::artifact).toList()));
        });
    }

    private Optional<Job> readJob(Connection c, UUID id) throws SQLException {
        {
                PreparedStatement ps = db.readStatement(c, SQL.get("getJob"));
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(SqliteRows.job(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Job> jobsList(JobListParams p) {
        return db.read("list jobs", c -> {
            SqliteJobListQuery q = new SqliteJobListQuery(p);
            {
                PreparedStatement ps = db.readStatement(c, q.sql());
                q.bind(ps);
                List<Job> jobs = new ArrayList<>(p.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) jobs.add(SqliteRows.job(rs));
                }
                return jobs;
            }
        });
    }

    @Override
    public Optional<Job> jobCancel(UUID id, Instant now) {
        return db.write("cancel job " + id, c -> {
            PreparedStatement waiting = db.writeStatement(SQL.get("cancelWaiting"));
            waiting.setString(1, id.toString());
            setMillis(waiting, 2, now);
            if (waiting.executeUpdate() == 0) {
                PreparedStatement running = db.writeStatement(SQL.get("requestCancel"));
                running.setString(1, id.toString());
                running.executeUpdate();
            }
            return readJob(c, id);
        });
    }

    @Override
    public Optional<Job> jobRetry(UUID id, Instant now) {
        return db.write("retry job " + id, c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("retryFinished"));
            ps.setString(1, id.toString());
            setMillis(ps, 2, now);
            int n;
            try {
                n = ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
                    throw new JobStateException("job " + id + " cannot run again while another unfinished job has"
                            + " its unique key", JobState.DEAD);
                }
                throw e;
            }
            Optional<Job> job = readJob(c, id);
            if (n == 0 && job.isPresent()) {
                throw new JobStateException("job " + id + " is " + job.get().state()
                        + ": only DEAD or CANCELLED jobs can be retried", job.get().state());
            }
            return job;
        });
    }

    @Override
    public boolean jobDelete(UUID id) {
        return db.write("delete job " + id, c -> {
            PreparedStatement attempts = db.writeStatement(SQL.get("deleteAttemptsOfJob"));
            attempts.setString(1, id.toString());
            attempts.executeUpdate();
            PreparedStatement artifacts = db.writeStatement(SQL.get("deleteArtifactsOf"));
            artifacts.setString(1, idArray(List.of(id)));
            artifacts.executeUpdate();
            PreparedStatement job = db.writeStatement(SQL.get("deleteJob"));
            job.setString(1, id.toString());
            return job.executeUpdate() > 0;
        });
    }

    @Override
    public ArtifactPutResult artifactPutIfRunning(ArtifactPut put, Instant now) {
        return db.write("record artifact " + put.artifact().name() + " of job " + put.jobId(), c -> {
            PreparedStatement lease = db.writeStatement(SQL.get("selectLease"));
            lease.setString(1, put.jobId().toString());
            lease.setInt(2, put.attempt());
            lease.setString(3, put.owner());
            try (ResultSet rs = lease.executeQuery()) {
                if (!rs.next()) return new ArtifactPutResult(false, null);
            }
            PreparedStatement previous = db.writeStatement(SQL.get("artifactKeyOf"));
            previous.setString(1, put.jobId().toString());
            previous.setString(2, put.artifact().name());
            String replaced;
            try (ResultSet rs = previous.executeQuery()) {
                replaced = rs.next() ? rs.getString(1) : null;
            }
            PreparedStatement ps = db.writeStatement(SQL.get("artifactUpsert"));
            ps.setString(1, put.jobId().toString());
            ps.setString(2, put.artifact().name());
            ps.setLong(3, put.artifact().size());
            ps.setString(4, put.artifact().contentType());
            ps.setString(5, put.artifact().sha256());
            ps.setString(6, put.key());
            ps.setInt(7, put.attempt());
            setMillis(ps, 8, put.artifact().createdAt());
            ps.executeUpdate();
            return new ArtifactPutResult(true, put.key().equals(replaced) ? null : replaced);
        });
    }

    @Override
    public List<StoredArtifact> artifactsOf(UUID jobId) {
        return db.read("list artifacts of job " + jobId, c -> readArtifacts(c, jobId));
    }

    private List<StoredArtifact> readArtifacts(Connection c, UUID jobId) throws SQLException {
        List<StoredArtifact> list = new ArrayList<>();
        PreparedStatement ps = db.readStatement(c, SQL.get("artifactsOf"));
        ps.setString(1, jobId.toString());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) list.add(artifact(jobId, rs));
        }
        return list;
    }

    @Override
    public Optional<StoredArtifact> artifactGet(UUID jobId, String name) {
        return db.read("read artifact " + name + " of job " + jobId, c -> {
            {
                PreparedStatement ps = db.readStatement(c, SQL.get("artifactGet"));
                ps.setString(1, jobId.toString());
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(artifact(jobId, rs)) : Optional.empty();
                }
            }
        });
    }

    private static StoredArtifact artifact(UUID jobId, ResultSet rs) throws SQLException {
        return new StoredArtifact(jobId, new io.jobvault.Artifact(rs.getString("name"), rs.getLong("size"),
                rs.getString("content_type"), rs.getString("sha256"), SqliteRows.instant(rs, "created_at"),
                SqliteRows.instant(rs, "missing_since")), rs.getString("storage_key"));
    }

    @Override
    public List<StoredArtifact> artifactsPage(UUID afterJob, String afterName, int limit) {
        return db.read("page through artifacts", c -> {
            PreparedStatement ps = db.readStatement(c, SQL.get("artifactsPage"));
            ps.setString(1, afterJob == null ? "" : afterJob.toString());
            ps.setString(2, afterName == null ? "" : afterName);
            ps.setInt(3, limit);
            List<StoredArtifact> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) list.add(artifact(UUID.fromString(rs.getString("job_id")), rs));
            }
            return list;
        });
    }

    @Override
    public void artifactSetMissing(UUID jobId, String name, Instant since) {
        db.write("mark artifact " + name + " of job " + jobId, c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("artifactSetMissing"));
            ps.setString(1, jobId.toString());
            ps.setString(2, name);
            setMillis(ps, 3, since);
            return ps.executeUpdate();
        });
    }

    @Override
    public long artifactsMissingCount() {
        return db.read("count missing artifacts", c -> {
            try (ResultSet rs = db.readStatement(c, SQL.get("artifactsMissingCount")).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public List<Attempt> jobAttempts(UUID id) {
        return db.read("read attempts of job " + id, c -> {
            List<Attempt> attempts = new ArrayList<>();
            {
                PreparedStatement ps = db.readStatement(c, SQL.get("attemptsOf"));
                ps.setString(1, id.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) attempts.add(SqliteRows.attempt(rs));
                }
            }
            Optional<Job> job = readJob(c, id);
            job.flatMap(SqliteJobStore::currentAttempt).ifPresent(attempts::add);
            return attempts;
        });
    }

    /** The attempt kept on the job row: the one running now, or the successful last one. */
    private static Optional<Attempt> currentAttempt(Job j) {
        if (j.state() == JobState.RUNNING) {
            return Optional.of(new Attempt(j.attempt(), j.leaseOwner(), j.startedAt(), null, null, null, null, null));
        }
        if (j.state() == JobState.SUCCEEDED) {
            return Optional.of(new Attempt(j.attempt(), j.leaseOwner(), j.startedAt(), j.finishedAt(),
                    Attempt.Outcome.SUCCEEDED, null, null, null));
        }
        return Optional.empty();
    }

    @Override
    public Map<String, Map<JobState, Long>> jobsCountUnfinished() {
        return db.read("count unfinished jobs", c -> {
            Map<String, Map<JobState, Long>> counts = new java.util.TreeMap<>();
            try (ResultSet rs = db.readStatement(c, SQL.get("countUnfinished")).executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getString("queue"), q -> new java.util.EnumMap<>(JobState.class))
                            .put(JobState.fromDbName(rs.getString("state")), rs.getLong("n"));
                }
            }
            return counts;
        });
    }

    @Override
    public Optional<Instant> jobsOldestAvailableRunAt() {
        return db.read("find the oldest available job", c -> {
            try (ResultSet rs = db.readStatement(c, SQL.get("oldestAvailableRunAt")).executeQuery()) {
                return Optional.ofNullable(rs.next() ? SqliteRows.instant(rs, "min(run_at)") : null);
            }
        });
    }

    @Override
    public Map<JobState, Long> jobsCountFinishedSince(UUID lowerBound) {
        return db.read("count finished jobs", c -> {
            Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
            {
                PreparedStatement ps = db.readStatement(c, SQL.get("countFinishedSince"));
                ps.setString(1, lowerBound.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) counts.put(JobState.fromDbName(rs.getString("state")), rs.getLong("n"));
                }
            }
            return counts;
        });
    }

    @Override
    public Map<String, Long> jobsRunningByNode() {
        return db.read("count running jobs by node", c -> {
            Map<String, Long> counts = new java.util.TreeMap<>();
            try (ResultSet rs = db.readStatement(c, SQL.get("runningByNode")).executeQuery()) {
                while (rs.next()) counts.put(rs.getString("lease_owner"), rs.getLong("n"));
            }
            return counts;
        });
    }

    @Override
    public void tokenInsert(ApiToken t, String secretHash) {
        db.write("store token " + t.id(), c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("tokenInsert"));
            ps.setString(1, t.id());
            ps.setString(2, t.name());
            ps.setString(3, t.tenant());
            ps.setString(4, String.join(",", new java.util.TreeSet<>(t.scopes())));
            ps.setString(5, secretHash);
            setMillis(ps, 6, t.createdAt());
            return ps.executeUpdate();
        });
    }

    @Override
    public Optional<ApiToken> tokenByHash(String secretHash) {
        return db.read("look up a token", c -> {
            {
                PreparedStatement ps = db.readStatement(c, SQL.get("tokenByHash"));
                ps.setString(1, secretHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(token(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ApiToken> tokenList() {
        return db.read("list tokens", c -> {
            List<ApiToken> tokens = new ArrayList<>();
            try (ResultSet rs = db.readStatement(c, SQL.get("tokenList")).executeQuery()) {
                while (rs.next()) tokens.add(token(rs));
            }
            return tokens;
        });
    }

    @Override
    public boolean tokenRevoke(String id, Instant now) {
        return db.write("revoke token " + id, c -> {
            PreparedStatement ps = db.writeStatement(SQL.get("tokenRevoke"));
            ps.setString(1, id);
            setMillis(ps, 2, now);
            return ps.executeUpdate() > 0;
        });
    }

    @Override
    public int tokenCountActiveAdmins() {
        return db.read("count admin tokens", c -> {
            try (ResultSet rs = db.readStatement(c, SQL.get("tokenCountActiveAdmin")).executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        String scopes = rs.getString("scopes");
        return new ApiToken(rs.getString("id"), rs.getString("name"), rs.getString("tenant"),
                scopes.isEmpty() ? Set.of() : Set.of(scopes.split(",")), SqliteRows.instant(rs, "created_at"),
                SqliteRows.instant(rs, "revoked_at"));
    }

    @Override
    public void close() {
        nodeLocks.releaseAll();
        db.close();
    }
}
