package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.idArray;
import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.SubmitResult;
import io.jobvault.store.HeartbeatResult;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobFinish;
import io.jobvault.store.JobHeartbeatParams;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobListParams;
import io.jobvault.store.JobProgress;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.JobStore;
import io.jobvault.store.KnownJobTypes;
import io.jobvault.store.LeaseRef;
import io.jobvault.store.PromotedJobs;
import io.jobvault.store.PruneBacklog;
import io.jobvault.store.RescuedJob;
import io.jobvault.store.StoreCapabilities;
import io.jobvault.store.WriteFailure;
import io.jobvault.store.jdbc.SqlQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link JobStore} on a SQL database. What differs between databases lives in the {@link SqlDatabase} (connections,
 * transactions, the dialect's {@code -- name:} queries) and the {@link NodeLocks}; the logic here is shared.
 */
public class JdbcJobStore implements JobStore, JdbcScheduleStore, JdbcAlertStore, JdbcReportStore, JdbcNodeStore,
        JdbcArtifactStore, JdbcTokenStore, JdbcCountsStore {
    /** Flyway's record of applied migrations, in every dialect: a database (or schema) that has it is a Jobvault store. */
    public static final String SCHEMA_HISTORY_TABLE = "jobvault_schema_history";

    private final SqlDatabase db;
    private final NodeLocks nodeLocks;
    private final StoreCapabilities capabilities;
    private final JdbcArtifacts artifacts;
    private final JdbcTokens tokens;
    private final JdbcStats stats;
    private final JdbcLeases leases;
    private final JdbcJobReads reads;
    private final JdbcInserts inserts;
    private final JdbcOperatorActions actions;
    private final JdbcNodes nodes;
    private final JdbcJobTypes jobTypes;
    private final JdbcSchedules schedules;
    private final JdbcAudit audit;
    private final JdbcAlerts alerts;
    private final JdbcReports reports;
    private final JdbcClaims claims;
    private final JdbcBulk bulk;
    private final JdbcQueues queues;
    private final JdbcCounts counts;
    private final JdbcFinishes finisher;

    protected JdbcJobStore(SqlDatabase db, NodeLocks nodeLocks, StoreCapabilities capabilities) {
        this.db = db;
        this.nodeLocks = nodeLocks;
        this.capabilities = capabilities;
        this.artifacts = new JdbcArtifacts(db);
        this.tokens = new JdbcTokens(db);
        this.stats = new JdbcStats(db);
        this.claims = new JdbcClaims(db);
        this.leases = new JdbcLeases(db, claims);
        this.reads = new JdbcJobReads(db, artifacts);
        this.inserts = new JdbcInserts(db);
        this.actions = new JdbcOperatorActions(db, reads);
        this.nodes = new JdbcNodes(db);
        this.jobTypes = new JdbcJobTypes(db);
        this.audit = new JdbcAudit(db);
        this.schedules = new JdbcSchedules(db, inserts, audit);
        this.alerts = new JdbcAlerts(db);
        this.reports = new JdbcReports(db);
        this.bulk = new JdbcBulk(db);
        this.queues = new JdbcQueues(db);
        this.counts = new JdbcCounts(db);
        this.finisher = new JdbcFinishes(db, claims);
    }

    /** The dialect's named queries. */
    public SqlQueries sql() {
        return db.sql();
    }

    @Override
    public StoreCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public String metaGetOrInit(String key, String valueIfAbsent) {
        return db.write("read store metadata", c -> {
            PreparedStatement ins = db.statement(c, db.sql().get("metaInsert"));
            ins.setString(1, key);
            ins.setString(2, valueIfAbsent);
            ins.executeUpdate();
            PreparedStatement get = db.statement(c, db.sql().get("metaGet"));
            get.setString(1, key);
            try (ResultSet rs = get.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Override
    public Optional<WriteFailure> writeFailure() {
        return db.writeHealth().current();
    }

    @Override
    public void writeProbe(Instant now) {
        db.write("probe whether writes work", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("metaPut"));
            ps.setString(1, "write_probe");
            ps.setString(2, now.toString());
            return ps.executeUpdate();
        });
        db.writeHealth().committed();
    }

    @Override
    public void nodeAcquire(String nodeId) {
        nodeLocks.acquire(nodeId);
    }

    @Override
    public Optional<String> nodeKeep(String nodeId) {
        return nodeLocks.keep(nodeId);
    }

    @Override
    public void workerJobTypesSeen(String tenant, Set<String> types, Instant now, Instant forgetBefore) {
        jobTypes.workerJobTypesSeen(tenant, types, now, forgetBefore);
    }

    @Override
    public KnownJobTypes jobTypesKnown(Instant nodesSince, Instant workersSince) {
        return jobTypes.jobTypesKnown(nodesSince, workersSince);
    }

    @Override
    public void nodeRelease(String nodeId) {
        nodeLocks.release(nodeId);
    }

    @Override
    public List<Job> jobsClaim(JobClaimParams p) {
        return claims.jobsClaim(p);
    }

    @Override
    public PromotedJobs jobsPromoteDue(Instant now, int limit) {
        return db.write("promote due jobs", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("promoteDue"));
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
            db.notifyAvailable(c, queues);
            return new PromotedJobs(count, queues);
        });
    }

    @Override
    public Optional<Instant> jobsNextDueAt() {
        return db.read("find the next due job", c -> {
            try (ResultSet rs = db.statement(c, db.sql().get("nextDueAt")).executeQuery()) {
                return Optional.ofNullable(rs.next() ? JdbcRows.instant(rs, 1) : null);
            }
        });
    }

    @Override
    public boolean[] jobsFinishIfRunning(List<JobFinish> finishes) {
        return finisher.jobsFinishIfRunning(finishes);
    }

    @Override
    public List<UUID> jobsPrune(Instant now, int limit) {
        return db.write("prune finished jobs", c -> {
            PreparedStatement select = db.statement(c, db.sql().get("selectExpired"));
            setMillis(select, 1, now);
            select.setInt(2, limit);
            List<UUID> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) ids.add(UUID.fromString(rs.getString(1)));
            }
            if (ids.isEmpty()) return ids;
            String array = idArray(ids);
            for (String query : List.of("deleteAttemptsOf", "deleteArtifactsOf", "deleteJobs")) {
                PreparedStatement ps = db.statement(c, db.sql().get(query));
                ps.setString(1, array);
                ps.executeUpdate();
            }
            return ids;
        });
    }

    @Override
    public PruneBacklog jobsPruneBacklog(Instant now, int limit) {
        return stats.jobsPruneBacklog(now, limit);
    }

    // --- inserts, reads, operator actions, leases, artifact metadata, tokens and operator counts: one class each ---

    @Override
    public List<SubmitResult> jobsInsert(List<JobInsert> jobs) {
        return inserts.jobsInsert(jobs);
    }

    @Override
    public SubmitResult jobInsertSucceeded(JobInsert job, String node, String result) {
        return inserts.jobInsertSucceeded(job, node, result);
    }

    @Override
    public AutoCloseable jobsListen(io.jobvault.store.StoreEvents events) {
        AutoCloseable subscription = db.listen(events);
        return subscription != null ? subscription : () -> {};
    }

    @Override
    public List<SubmitResult> jobsInsertIn(java.sql.Connection transaction, List<JobInsert> jobs) {
        return inserts.jobsInsertIn(transaction, jobs);
    }

    @Override
    public Optional<Job> jobCancel(UUID id, Instant now) {
        return actions.jobCancel(id, now);
    }

    @Override
    public boolean jobCancelIfWaiting(UUID id, Instant now) {
        return actions.jobCancelIfWaiting(id, now);
    }

    @Override
    public Optional<Job> jobRetry(UUID id, Instant now) {
        return actions.jobRetry(id, now);
    }

    @Override
    public Optional<Job> jobRunNow(UUID id, Instant now) {
        return actions.jobRunNow(id, now);
    }

    @Override
    public boolean jobDelete(UUID id, Instant now) {
        return actions.jobDelete(id, now);
    }

    @Override
    public boolean jobDeleted(UUID id) {
        return actions.jobDeleted(id);
    }

    @Override
    public int deletedJobsPrune(Instant cutoff, int limit) {
        return actions.deletedJobsPrune(cutoff, limit);
    }

    @Override
    public Optional<Job> jobGet(UUID id) {
        return reads.jobGet(id);
    }

    @Override
    public Optional<io.jobvault.JobDetails> jobGetDetails(UUID id) {
        return reads.jobGetDetails(id);
    }

    @Override
    public List<Job> jobsList(JobListParams params) {
        return reads.jobsList(params);
    }

    @Override
    public List<Attempt> jobAttempts(UUID id) {
        return reads.jobAttempts(id);
    }

    @Override
    public HeartbeatResult jobsHeartbeat(JobHeartbeatParams params) {
        return leases.jobsHeartbeat(params);
    }

    @Override
    public boolean[] jobsProgressIfRunning(List<JobProgress> updates, Instant now) {
        return leases.jobsProgressIfRunning(updates, now);
    }

    @Override
    public List<RescuedJob> jobsRescue(JobRescueParams params) {
        return leases.jobsRescue(params);
    }

    @Override
    public int jobsRelease(String owner, List<LeaseRef> held, Instant now) {
        return leases.jobsRelease(owner, held, now);
    }

    @Override
    public int jobsUnclaim(String owner, List<LeaseRef> claimed) {
        return leases.jobsUnclaim(owner, claimed);
    }

    @Override
    public Map<String, Map<JobState, Long>> jobsCountUnfinished() {
        return stats.jobsCountUnfinished(counts);
    }

    @Override
    public Optional<Instant> jobsOldestAvailableRunAt() {
        return queues.jobsOldestAvailableByQueue().values().stream().min(Instant::compareTo);
    }

    @Override
    public Map<String, Long> jobsRunningByNode() {
        return stats.jobsRunningByNode();
    }

    // --- bulk operations by filter, paused queues ---

    @Override
    public long jobsCount(io.jobvault.JobFilter filter, long cap) {
        return bulk.jobsCount(filter, cap);
    }

    @Override
    public void bulkInsert(io.jobvault.bulk.BulkOperation operation) {
        bulk.bulkInsert(operation);
    }

    @Override
    public Optional<io.jobvault.bulk.BulkOperation> bulkGet(UUID id) {
        return bulk.bulkGet(id);
    }

    @Override
    public Optional<io.jobvault.bulk.BulkOperation> bulkStop(UUID id, Instant now) {
        return bulk.bulkStop(id, now);
    }

    @Override
    public List<io.jobvault.bulk.BulkOperation> bulkRunning(int limit) {
        return bulk.bulkRunning(limit);
    }

    @Override
    public Optional<BulkStep> bulkStep(UUID id, int batchSize, Instant now) {
        return bulk.bulkStep(id, batchSize, now);
    }

    @Override
    public int bulkPrune(Instant cutoff, int limit) {
        return bulk.bulkPrune(cutoff, limit);
    }

    @Override
    public boolean queuePause(String queue, Instant now) {
        return queues.queuePause(queue, now);
    }

    @Override
    public boolean queueResume(String queue) {
        return queues.queueResume(queue);
    }

    @Override
    public Map<String, Instant> queuesPaused() {
        return queues.queuesPaused();
    }

    @Override
    public Map<String, Instant> jobsOldestAvailableByQueue() {
        return queues.jobsOldestAvailableByQueue();
    }

    /** Not part of the SPI: how the delegating interfaces reach their parts. */
    @Override
    public final JdbcNodes nodes() {
        return nodes;
    }

    @Override
    public final JdbcArtifacts artifacts() {
        return artifacts;
    }

    @Override
    public final JdbcTokens tokens() {
        return tokens;
    }

    @Override
    public final JdbcSchedules schedules() {
        return schedules;
    }

    @Override
    public final JdbcAudit audit() {
        return audit;
    }

    @Override
    public final JdbcAlerts alerts() {
        return alerts;
    }

    @Override
    public final JdbcReports reports() {
        return reports;
    }

    @Override
    public final JdbcCounts counts() {
        return counts;
    }

    @Override
    public void close() {
        nodeLocks.releaseAll();
        db.close();
    }
}
