package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.Attempt;
import io.jobvault.JobState;
import io.jobvault.store.JobFinish;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Recording ended runs: fenced by lease owner and attempt, with their history, in id order. */
final class JdbcFinishes {
    /**
     * A whole batch in one statement, where the dialect has it (PostgreSQL: arrays through unnest). Its statement-level
     * counter triggers then run once per batch, not once per job.
     */
    static final String FINISH_MANY = "finishManyIfRunning";

    private final SqlDatabase db;
    private final JdbcClaims claims;

    JdbcFinishes(SqlDatabase db, JdbcClaims claims) {
        this.db = db;
        this.claims = claims;
    }

    boolean[] jobsFinishIfRunning(List<JobFinish> finishes) {
        if (finishes.isEmpty()) return new boolean[0];
        // in id order, as heartbeats lock rows, so concurrent batches never deadlock
        List<JobFinish> ordered = finishes.stream().sorted(JdbcFinishes::byIdUnsigned).toList();
        boolean[] inOrder = finishInOrder(ordered);
        Map<JobFinish, Boolean> byFinish = new IdentityHashMap<>();
        for (int i = 0; i < inOrder.length; i++) byFinish.put(ordered.get(i), inOrder[i]);
        boolean[] applied = new boolean[finishes.size()];
        for (int i = 0; i < applied.length; i++) applied[i] = byFinish.get(finishes.get(i));
        return applied;
    }

    /** PostgreSQL's uuid order: the 16 bytes compared unsigned. */
    private static int byIdUnsigned(JobFinish a, JobFinish b) {
        int c = Long.compareUnsigned(a.id().getMostSignificantBits(), b.id().getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.id().getLeastSignificantBits(), b.id().getLeastSignificantBits());
    }

    private boolean[] finishInOrder(List<JobFinish> finishes) {
        return db.write("record finished runs", c -> {
            boolean[] applied = finishes.size() > 1 && db.sql().names().contains(FINISH_MANY) && distinctIds(finishes)
                    ? finishMany(c, finishes) : finishEach(c, finishes);
            PreparedStatement history = null;
            for (int i = 0; i < applied.length; i++) {
                JobFinish f = finishes.get(i);
                // A successful attempt is read off the job row; only other endings get a history row.
                if (applied[i] && f.outcome() != Attempt.Outcome.SUCCEEDED) {
                    if (history == null) history = db.statement(c, db.sql().get("insertAttempt"));
                    JdbcRows.bindAttempt(history, f.id(), f.attempt(), f.owner(), f.startedAt(), f.now(), f.outcome(),
                            f.errorMessage(), f.errorType(), f.stackTrace());
                    history.addBatch();
                }
            }
            if (history != null) history.executeBatch();
            List<JobFinish> ended = new ArrayList<>();
            for (int i = 0; i < applied.length; i++) if (applied[i]) ended.add(finishes.get(i));
            claims.wakeKeyWaiters(c, ended);
            return applied;
        });
    }

    private boolean[] finishEach(Connection c, List<JobFinish> finishes) throws SQLException {
        PreparedStatement ps = db.statement(c, db.sql().get("finishIfRunning"));
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
        JdbcCountDeltas counts = JdbcCountDeltas.usedFor(db, finishes.size()) ? JdbcCountDeltas.defer(db, c) : null;
        int[] changed = ps.executeBatch();
        boolean[] applied = new boolean[finishes.size()];
        for (int i = 0; i < applied.length; i++) applied[i] = changed[i] > 0;
        if (counts != null) {
            Map<String, String[]> keys = countKeys(c, finishes);
            for (int i = 0; i < applied.length; i++) {
                if (!applied[i]) continue;
                JobFinish f = finishes.get(i);
                String[] k = keys.get(f.id().toString());
                counts.moved(k[0], k[1], k[2], JobState.RUNNING, f.newState(), f.now()); // only running jobs finish
            }
            counts.apply(db, c);
        }
        return applied;
    }

    /** Each job's tenant, queue and type, the keys of its counters. */
    private Map<String, String[]> countKeys(Connection c, List<JobFinish> finishes) throws SQLException {
        PreparedStatement ps = db.statement(c, db.sql().get(JdbcCountDeltas.FINISH_KEYS));
        ps.setString(1, JdbcRows.idArray(finishes.stream().map(JobFinish::id).toList()));
        Map<String, String[]> keys = new java.util.HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) keys.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
        }
        return keys;
    }

    /** The batch as arrays, one per parameter of finishIfRunning; applied are the ids the statement returns. */
    private boolean[] finishMany(Connection c, List<JobFinish> finishes) throws SQLException {
        PreparedStatement ps = db.statement(c, db.sql().get(FINISH_MANY));
        int n = finishes.size();
        Object[][] cols = new Object[11][n];
        for (int i = 0; i < n; i++) {
            JobFinish f = finishes.get(i);
            cols[0][i] = f.id();
            cols[1][i] = f.attempt();
            cols[2][i] = f.owner();
            cols[3][i] = f.newState().dbName();
            cols[4][i] = f.runAt() == null ? null : f.runAt().toEpochMilli();
            cols[5][i] = f.snoozed() ? 1 : 0;
            cols[6][i] = f.result();
            cols[7][i] = f.errorMessage();
            cols[8][i] = f.now().toEpochMilli();
            cols[9][i] = f.progressPercent();
            cols[10][i] = f.progressMessage();
        }
        String[] types = {"uuid", "integer", "text", "text", "bigint", "integer", "text", "text", "bigint", "integer", "text"};
        for (int k = 0; k < types.length; k++) ps.setArray(k + 1, c.createArrayOf(types[k], cols[k]));
        Set<UUID> done = new HashSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) done.add(UUID.fromString(rs.getString(1)));
        }
        boolean[] applied = new boolean[n];
        for (int i = 0; i < n; i++) applied[i] = done.contains(finishes.get(i).id());
        return applied;
    }

    /** Two finishes of one job in a batch (at most one can apply) take the statement-per-finish path. */
    private static boolean distinctIds(List<JobFinish> finishes) {
        Set<UUID> ids = new HashSet<>();
        for (JobFinish f : finishes) if (!ids.add(f.id())) return false;
        return true;
    }
}
