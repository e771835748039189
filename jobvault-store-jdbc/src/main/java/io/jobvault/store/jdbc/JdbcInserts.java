package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.SubmitResult;
import io.jobvault.json.Json;
import io.jobvault.store.JobInsert;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Inserting jobs: one transaction per batch; a conflict resolves to the job already holding the key. */
final class JdbcInserts {
    private final SqlDatabase db;

    JdbcInserts(SqlDatabase db) {
        this.db = db;
    }

    /** Where statements come from: cached on the store's own connections, one-off on a caller's. */
    @FunctionalInterface
    private interface Statements {
        PreparedStatement get(String name) throws SQLException;
    }

    List<SubmitResult> jobsInsert(List<JobInsert> jobs) {
        if (jobs.isEmpty()) return List.of();
        return db.write("insert jobs", c -> insertOn(c, jobs));
    }

    SubmitResult jobInsertSucceeded(JobInsert j, String node, String result) {
        return db.write("record delivered job " + j.id(), c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("insertJobSucceeded"));
            ps.setString(1, j.id().toString());
            ps.setString(2, j.type());
            ps.setString(3, j.queue());
            ps.setInt(4, j.priority());
            ps.setString(5, j.payload());
            ps.setInt(6, j.maxAttempts());
            setMillis(ps, 7, j.now());
            setMillis(ps, 8, j.timeout());
            ps.setString(9, j.tenant());
            ps.setString(10, j.idempotencyKey());
            ps.setString(11, Json.writeLabels(j.labels()));
            ps.setString(12, result);
            setMillis(ps, 13, j.retention().succeeded());
            setMillis(ps, 14, j.retention().cancelled());
            setMillis(ps, 15, j.retention().dead());
            ps.setString(16, node);
            if (ps.executeUpdate() > 0) return new SubmitResult(j.id(), SubmitResult.Status.CREATED);
            return existing(name -> db.statement(c, db.sql().get(name)), j);
        });
    }

    /** Inserts inside one of the store's own write transactions on {@code c} (e.g. with a schedule's fire). */
    List<SubmitResult> insertOn(java.sql.Connection c, List<JobInsert> jobs) throws SQLException {
        if (jobs.isEmpty()) return List.of();
        JdbcCountDeltas counts = JdbcCountDeltas.usedFor(db, jobs.size()) ? JdbcCountDeltas.defer(db, c) : null;
        List<SubmitResult> results = insert(jobs, name -> db.statement(c, db.sql().get(name)));
        if (counts != null) {
            for (int i = 0; i < jobs.size(); i++) {
                JobInsert j = jobs.get(i);
                if (results.get(i).created()) counts.inserted(j.tenant(), j.queue(), j.type(), j.state());
            }
            counts.apply(db, c);
        }
        db.notifyAvailable(c, availableQueues(jobs, results));
        return results;
    }

    /**
     * Inserts in the caller's open transaction on {@code c}, committing nothing: the jobs exist if and only if the
     * caller commits. Statements are closed again, since the connection is not the store's.
     */
    List<SubmitResult> jobsInsertIn(java.sql.Connection c, List<JobInsert> jobs) {
        if (jobs.isEmpty()) return List.of();
        List<PreparedStatement> opened = new ArrayList<>();
        try {
            if (c.getAutoCommit()) {
                throw new IllegalArgumentException("the connection is in auto-commit mode: open a transaction"
                        + " (setAutoCommit(false)) so that the jobs commit or roll back with it");
            }
            List<SubmitResult> results = insert(jobs, name -> {
                PreparedStatement ps = db.prepare(c, db.sql().get(name));
                opened.add(ps);
                return ps;
            });
            db.notifyAvailable(c, availableQueues(jobs, results)); // delivered when the caller commits, not before
            return results;
        } catch (SQLException e) {
            throw new io.jobvault.store.StoreException("cannot insert jobs in the caller's transaction: " + e.getMessage(), e);
        } finally {
            for (PreparedStatement ps : opened) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing is tidiness here; the transaction's outcome does not depend on it
                }
            }
        }
    }

    /** The queues that got jobs to run now. */
    private static java.util.Set<String> availableQueues(List<JobInsert> jobs, List<SubmitResult> results) {
        java.util.Set<String> queues = new java.util.TreeSet<>();
        for (int i = 0; i < jobs.size(); i++) {
            if (results.get(i).created() && jobs.get(i).state() == io.jobvault.JobState.AVAILABLE) queues.add(jobs.get(i).queue());
        }
        return queues;
    }

    private List<SubmitResult> insert(List<JobInsert> jobs, Statements statements) throws SQLException {
        if (jobs.size() > 1 && db.sql().names().contains("insertJobsFromArrays")) return insertFromArrays(jobs, statements);
        {
            PreparedStatement ps = statements.get("insertJob");
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
                ps.setString(18, j.concurrencyKey());
                if (j.concurrencyLimit() == null) ps.setNull(19, java.sql.Types.INTEGER);
                else ps.setInt(19, j.concurrencyLimit());
                ps.setString(20, j.traceparent());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<SubmitResult> results = new ArrayList<>(jobs.size());
            for (int i = 0; i < jobs.size(); i++) {
                JobInsert j = jobs.get(i);
                results.add(counts[i] > 0 ? new SubmitResult(j.id(), SubmitResult.Status.CREATED) : existing(statements, j));
            }
            return results;
        }
    }

    /**
     * One statement for the whole batch, where the dialect has it (PostgreSQL: arrays through unnest): far fewer round
     * trips than a batch of single-row inserts, with the same per-row answer from RETURNING.
     */
    private List<SubmitResult> insertFromArrays(List<JobInsert> jobs, Statements statements) throws SQLException {
        PreparedStatement ps = statements.get("insertJobsFromArrays");
        java.sql.Connection c = ps.getConnection();
        int n = jobs.size();
        Object[][] cols = new Object[20][n];
        for (int i = 0; i < n; i++) {
            JobInsert j = jobs.get(i);
            cols[0][i] = j.id();
            cols[1][i] = j.type();
            cols[2][i] = j.queue();
            cols[3][i] = j.state().dbName();
            cols[4][i] = j.priority();
            cols[5][i] = j.payload();
            cols[6][i] = j.maxAttempts();
            cols[7][i] = j.runAt().toEpochMilli();
            cols[8][i] = j.now().toEpochMilli();
            cols[9][i] = j.timeout() == null ? null : j.timeout().toMillis();
            cols[10][i] = j.tenant();
            cols[11][i] = j.idempotencyKey();
            cols[12][i] = j.uniqueKey();
            cols[13][i] = Json.writeLabels(j.labels());
            cols[14][i] = j.retention().succeeded().toMillis();
            cols[15][i] = j.retention().cancelled().toMillis();
            cols[16][i] = j.retention().dead().toMillis();
            cols[17][i] = j.concurrencyKey();
            cols[18][i] = j.concurrencyLimit();
            cols[19][i] = j.traceparent();
        }
        String[] types = {"uuid", "text", "text", "text", "integer", "text", "integer", "bigint", "bigint", "bigint",
                "text", "text", "text", "text", "bigint", "bigint", "bigint", "text", "integer", "text"};
        for (int k = 0; k < types.length; k++) ps.setArray(k + 1, c.createArrayOf(types[k], cols[k]));
        java.util.Set<UUID> inserted = new java.util.HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) inserted.add(UUID.fromString(rs.getString(1)));
        }
        List<SubmitResult> results = new ArrayList<>(n);
        for (JobInsert j : jobs) {
            results.add(inserted.contains(j.id()) ? new SubmitResult(j.id(), SubmitResult.Status.CREATED) : existing(statements, j));
        }
        return results;
    }

    /** The job an insert collided with: same idempotency key first, else an active job with the same unique key. */
    private SubmitResult existing(Statements statements, JobInsert j) throws SQLException {
        if (j.idempotencyKey() != null) {
            UUID id = findId(statements, "findByIdempotencyKey", j.tenant(), j.idempotencyKey());
            if (id != null) return new SubmitResult(id, SubmitResult.Status.DUPLICATE);
        }
        if (j.uniqueKey() != null) {
            UUID id = findId(statements, "findActiveByUniqueKey", j.tenant(), j.uniqueKey());
            if (id != null) return new SubmitResult(id, SubmitResult.Status.SKIPPED_UNIQUE);
        }
        throw new SQLException("insert of job " + j.id() + " was ignored but no conflicting job was found");
    }

    private UUID findId(Statements statements, String query, String tenant, String key) throws SQLException {
        PreparedStatement ps = statements.get(query);
        ps.setString(1, tenant);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? UUID.fromString(rs.getString(1)) : null;
        }
    }
}
