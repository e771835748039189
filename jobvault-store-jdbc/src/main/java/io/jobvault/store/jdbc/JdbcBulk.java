package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.idArray;
import static io.jobvault.store.jdbc.JdbcRows.instant;
import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.bulk.BulkAction;
import io.jobvault.bulk.BulkOperation;
import io.jobvault.bulk.FilterJson;
import io.jobvault.store.BulkStore.BulkStep;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Bulk operations by filter: each batch reads the next matching jobs below the operation's cursor and acts on them
 * with the single-job statements, in one transaction with the cursor's move, so a crash repeats or loses nothing.
 */
final class JdbcBulk {
    private record Match(UUID id, JobState state, String queue) {}

    private final SqlDatabase db;

    JdbcBulk(SqlDatabase db) {
        this.db = db;
    }

    long jobsCount(JobFilter filter, long cap) {
        return db.read("count matching jobs", c -> {
            long[] count = new long[1];
            JdbcJobListQuery.count(filter, cap).run(db, c, rs -> count[0] = rs.getLong(1));
            return count[0];
        });
    }

    void bulkInsert(BulkOperation op) {
        db.write("store bulk operation " + op.id(), c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("bulkInsert"));
            ps.setString(1, op.id().toString());
            ps.setString(2, op.action().wireName());
            ps.setString(3, FilterJson.write(op.filter()));
            ps.setString(4, op.actor());
            setMillis(ps, 5, op.createdAt());
            return ps.executeUpdate();
        });
    }

    Optional<BulkOperation> bulkGet(UUID id) {
        return db.read("read bulk operation " + id, c -> read(c, "bulkGet", id));
    }

    Optional<BulkOperation> bulkStop(UUID id, Instant now) {
        return db.write("stop bulk operation " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("bulkStop"));
            ps.setString(1, id.toString());
            setMillis(ps, 2, now);
            ps.executeUpdate();
            return read(c, "bulkGet", id);
        });
    }

    List<BulkOperation> bulkRunning(int limit) {
        return db.read("list running bulk operations", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("bulkRunning"));
            ps.setInt(1, limit);
            List<BulkOperation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(row(rs));
            }
            return out;
        });
    }

    int bulkPrune(Instant cutoff, int limit) {
        return db.write("prune ended bulk operations", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("bulkPrune"));
            setMillis(ps, 1, cutoff);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        });
    }

    Optional<BulkStep> bulkStep(UUID id, int batchSize, Instant now) {
        return db.write("run a batch of bulk operation " + id, c -> {
            Optional<BulkOperation> locked = read(c, "bulkLock", id);
            if (locked.isEmpty() || locked.get().state() != BulkOperation.State.RUNNING) return Optional.<BulkStep>empty();
            BulkOperation op = locked.get();
            List<Match> batch = matches(c, op, batchSize);
            List<UUID> deleted = new ArrayList<>();
            List<UUID> cancelRequested = new ArrayList<>();
            Set<String> woken = new TreeSet<>();
            // rows are changed in ascending id order, as finishes and heartbeats lock them, so they never deadlock
            List<Match> inLockOrder = batch.stream().sorted(JdbcBulk::byIdUnsigned).toList();
            int done = switch (op.action()) {
                case CANCEL -> cancel(c, inLockOrder, now, cancelRequested);
                case RETRY -> retry(c, inLockOrder, now, woken);
                case DELETE -> delete(c, inLockOrder, now, deleted);
            };
            boolean last = batch.size() < batchSize;
            UUID cursor = batch.isEmpty() ? op.cursor() : batch.getLast().id();
            PreparedStatement advance = db.statement(c, db.sql().get("bulkAdvance"));
            advance.setString(1, id.toString());
            advance.setLong(2, batch.size());
            advance.setLong(3, done);
            advance.setString(4, cursor == null ? null : cursor.toString());
            advance.setString(5, last ? "done" : "running");
            setMillis(advance, 6, now);
            setMillis(advance, 7, last ? now : null);
            advance.executeUpdate();
            db.notifyAvailable(c, woken);
            BulkOperation after = read(c, "bulkGet", id).orElseThrow();
            return Optional.of(new BulkStep(after, batch.size(), deleted, cancelRequested, woken));
        });
    }

    /** PostgreSQL's uuid order: the 16 bytes compared unsigned (the order JdbcJobStore finishes in). */
    private static int byIdUnsigned(Match a, Match b) {
        int c = Long.compareUnsigned(a.id().getMostSignificantBits(), b.id().getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.id().getLeastSignificantBits(), b.id().getLeastSignificantBits());
    }

    private List<Match> matches(Connection c, BulkOperation op, int batchSize) throws SQLException {
        List<Match> out = new ArrayList<>(batchSize);
        new JdbcJobListQuery("jobs.id, jobs.state, jobs.queue", op.filter(), op.cursor(), batchSize).run(db, c,
                rs -> out.add(new Match(UUID.fromString(rs.getString(1)), JobState.fromDbName(rs.getString(2)), rs.getString(3))));
        return out;
    }

    /** Waiting jobs end CANCELLED; running ones are asked to stop (their node interrupts them, told now where it can be). */
    private int cancel(Connection c, List<Match> batch, Instant now, List<UUID> cancelRequested) throws SQLException {
        int done = 0;
        PreparedStatement waiting = db.statement(c, db.sql().get("cancelWaiting"));
        PreparedStatement running = db.statement(c, db.sql().get("requestCancel"));
        for (Match m : batch) {
            if (m.state().isTerminal()) continue;
            waiting.setString(1, m.id().toString());
            setMillis(waiting, 2, now);
            if (waiting.executeUpdate() > 0) {
                done++;
                continue;
            }
            running.setString(1, m.id().toString());
            if (running.executeUpdate() > 0) {
                done++;
                cancelRequested.add(m.id());
                db.notifyCancel(c, m.id());
            }
        }
        return done;
    }

    /**
     * DEAD and CANCELLED jobs run again. Each in a savepoint: one whose unique key another unfinished job holds now is
     * skipped (PostgreSQL would otherwise abort the whole batch's transaction).
     */
    private int retry(Connection c, List<Match> batch, Instant now, Set<String> woken) throws SQLException {
        int done = 0;
        PreparedStatement ps = db.statement(c, db.sql().get("retryFinished"));
        for (Match m : batch) {
            if (m.state() != JobState.DEAD && m.state() != JobState.CANCELLED) continue;
            ps.setString(1, m.id().toString());
            setMillis(ps, 2, now);
            Savepoint before = c.setSavepoint();
            try {
                if (ps.executeUpdate() > 0) {
                    done++;
                    woken.add(m.queue());
                }
                c.releaseSavepoint(before);
            } catch (SQLException e) {
                if (!uniqueViolation(e)) throw e;
                c.rollback(before);
            }
        }
        return done;
    }

    private static boolean uniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || (e.getMessage() != null && e.getMessage().toUpperCase().contains("UNIQUE"));
    }

    /** Jobs are deleted with their history and artifact records, and remembered as deleted (their ids answer 410). */
    private int delete(Connection c, List<Match> batch, Instant now, List<UUID> deleted) throws SQLException {
        if (batch.isEmpty()) return 0;
        String array = idArray(batch.stream().map(Match::id).toList());
        for (String query : List.of("deleteAttemptsOf", "deleteArtifactsOf")) {
            PreparedStatement ps = db.statement(c, db.sql().get(query));
            ps.setString(1, array);
            ps.executeUpdate();
        }
        PreparedStatement jobs = db.statement(c, db.sql().get("deleteJobs"));
        jobs.setString(1, array);
        int n = jobs.executeUpdate();
        PreparedStatement remember = db.statement(c, db.sql().get("insertDeletedJob"));
        for (Match m : batch) {
            remember.setString(1, m.id().toString());
            setMillis(remember, 2, now);
            remember.addBatch();
            deleted.add(m.id());
        }
        remember.executeBatch();
        return n;
    }

    private Optional<BulkOperation> read(Connection c, String query, UUID id) throws SQLException {
        PreparedStatement ps = db.statement(c, db.sql().get(query));
        ps.setString(1, id.toString());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static BulkOperation row(ResultSet rs) throws SQLException {
        String cursor = rs.getString(7);
        return new BulkOperation(UUID.fromString(rs.getString(1)), BulkAction.parse(rs.getString(2)),
                FilterJson.read(rs.getString(3)), BulkOperation.State.parse(rs.getString(4)), rs.getLong(5), rs.getLong(6),
                cursor == null ? null : UUID.fromString(cursor), rs.getString(8), instant(rs, 9), instant(rs, 10), instant(rs, 11));
    }
}
