package io.jobvault.store.jdbc;

import io.jobvault.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job counters' changes of one batched statement, totalled in Java and added once per key, where the dialect lets
 * the writer do it (SQLite, migration V17): its counter triggers would otherwise run an upsert per changed row. Used
 * only on the store's own write transaction, around statements whose every changed row this class is told about:
 * {@link #defer} before the statement, then {@link #apply} (which ends the deferral) before anything else runs, so every
 * other statement keeps its counts by trigger. PostgreSQL's triggers are per statement already and need none of this.
 */
final class JdbcCountDeltas {
    /** A batch smaller than this keeps the triggers: the deferral's three statements would cost more than it saves. */
    static final int MIN_BATCH = 4;
    /** The queries of the dialects that have this (named here, not at their use: the others do not define them). */
    private static final String DEFER = "countsDefer";
    private static final String ADD_COUNTS = "countsAdd";
    private static final String ADD_ENDED = "throughputAdd";
    static final String FINISH_KEYS = "finishKeys";

    private final Map<List<String>, Long> counts = new HashMap<>();
    private final Map<List<Object>, Long> ended = new HashMap<>();

    /** Whether {@code db} totals counts in its writer for a batch of {@code size} changes. */
    static boolean usedFor(SqlDatabase db, int size) {
        return size >= MIN_BATCH && db.sql().names().contains(DEFER);
    }

    /** Turns the triggers' counting off for the statements that follow, inside the writer's transaction on {@code c}. */
    static JdbcCountDeltas defer(SqlDatabase db, Connection c) throws SQLException {
        setDeferred(db, c, 1);
        return new JdbcCountDeltas();
    }

    void inserted(String tenant, String queue, String type, JobState state) {
        add(tenant, queue, type, state.dbName(), 1);
    }

    /** A job moved from {@code from} to {@code to} at {@code now}; one that reached an end counts in that minute. */
    void moved(String tenant, String queue, String type, JobState from, JobState to, Instant now) {
        if (from == to) return;
        add(tenant, queue, type, from.dbName(), -1);
        add(tenant, queue, type, to.dbName(), 1);
        if (to == JobState.SUCCEEDED || to == JobState.CANCELLED || to == JobState.DEAD) {
            long minute = now.toEpochMilli() / 60_000 * 60_000;
            ended.merge(List.of(minute, tenant, queue, to.dbName()), 1L, Long::sum);
        }
    }

    private void add(String tenant, String queue, String type, String state, long n) {
        counts.merge(List.of(tenant, queue, type, state), n, Long::sum);
    }

    /** Adds the totals and turns the triggers' counting back on; must run before any other statement of the transaction. */
    void apply(SqlDatabase db, Connection c) throws SQLException {
        setDeferred(db, c, 0);
        if (!counts.isEmpty()) {
            PreparedStatement ps = db.statement(c, db.sql().get(ADD_COUNTS));
            for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
                if (e.getValue() == 0) continue;
                List<String> k = e.getKey();
                for (int i = 0; i < 4; i++) ps.setString(i + 1, k.get(i));
                ps.setLong(5, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (!ended.isEmpty()) {
            PreparedStatement ps = db.statement(c, db.sql().get(ADD_ENDED));
            for (Map.Entry<List<Object>, Long> e : ended.entrySet()) {
                List<Object> k = e.getKey();
                ps.setLong(1, (Long) k.get(0));
                for (int i = 1; i < 4; i++) ps.setString(i + 1, (String) k.get(i));
                ps.setLong(5, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void setDeferred(SqlDatabase db, Connection c, int deferred) throws SQLException {
        PreparedStatement ps = db.statement(c, db.sql().get(DEFER));
        ps.setInt(1, deferred);
        ps.executeUpdate();
    }
}
