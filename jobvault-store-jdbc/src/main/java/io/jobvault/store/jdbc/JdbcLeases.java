package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.Attempt;
import io.jobvault.JobState;
import io.jobvault.store.HeartbeatResult;
import io.jobvault.store.JobHeartbeatParams;
import io.jobvault.store.JobProgress;
import io.jobvault.store.JobRescueParams;
import io.jobvault.store.LeaseRef;
import io.jobvault.store.RescuedJob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Leases: heartbeats, fenced progress, rescue of expired leases, hand-back at shutdown, claims undone when their
 * answer never reached the worker. A run taken back ends like a
 * finished one for its concurrency key: its key's longest waiter is woken in the same transaction.
 */
final class JdbcLeases {
    private final SqlDatabase db;
    private final JdbcClaims claims;

    JdbcLeases(SqlDatabase db, JdbcClaims claims) {
        this.db = db;
        this.claims = claims;
    }

    HeartbeatResult jobsHeartbeat(JobHeartbeatParams p) {
        return db.write("heartbeat leases", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("heartbeat"));
            ps.setString(1, p.owner());
            setMillis(ps, 2, p.leaseUntil());
            ps.setString(3, leaseObject(p.leases()));
            Set<LeaseRef> kept = new HashSet<>();
            Set<UUID> cancel = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = UUID.fromString(rs.getString(1));
                    kept.add(new LeaseRef(id, rs.getInt(2)));
                    if (rs.getInt(3) != 0) cancel.add(id);
                }
            }
            Set<LeaseRef> lost = new HashSet<>();
            for (LeaseRef l : p.leases()) if (!kept.contains(l)) lost.add(l);
            return new HeartbeatResult(lost, cancel);
        });
    }

    /** The leases as a JSON object of job id to attempt, for the heartbeat's {@code json_each}: one statement for all. */
    private static String leaseObject(List<LeaseRef> leases) {
        StringBuilder sb = new StringBuilder(leases.size() * 44 + 2).append('{');
        for (LeaseRef l : leases) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(l.id()).append("\":").append(l.attempt());
        }
        return sb.append('}').toString();
    }

    boolean[] jobsProgressIfRunning(List<JobProgress> updates, Instant now) {
        if (updates.isEmpty()) return new boolean[0];
        return db.write("record progress", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("progressIfRunning"));
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

    List<RescuedJob> jobsRescue(JobRescueParams p) {
        return db.write("rescue expired leases", c -> {
            PreparedStatement select = db.statement(c, db.sql().get(p.owner() == null ? "selectExpiredLeases" : "selectLeasesOfOwner"));
            if (p.owner() == null) setMillis(select, 1, p.now());
            else select.setString(1, p.owner());
            select.setInt(2, p.limit());
            List<RescuedJob> rescued = new ArrayList<>();
            List<List<String>> keys = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    int attempt = rs.getInt("attempt");
                    JobState next = rs.getInt("cancel_requested") != 0 ? JobState.CANCELLED
                            : attempt >= rs.getInt("max_attempts") ? JobState.DEAD : JobState.AVAILABLE;
                    rescued.add(new RescuedJob(UUID.fromString(rs.getString("id")), rs.getString("type"), attempt,
                            rs.getString("lease_owner"), JdbcRows.instant(rs, "started_at"), next));
                    keys.add(keyOf(rs));
                }
            }
            Map<List<String>, Integer> ended = new HashMap<>();
            for (int i = 0; i < rescued.size(); i++) {
                RescuedJob r = rescued.get(i);
                String why = p.reason() != null ? p.reason() : p.owner() == null
                        ? "lease expired: node " + r.owner() + " stopped heartbeating (crashed, stalled or cut off)"
                        : "node " + r.owner() + " restarted while running this job";
                if (takeBack(c, r.id(), r.attempt(), r.owner(), r.startedAt(), r.newState(), false, Attempt.Outcome.LEASE_EXPIRED,
                        why, p.now()) > 0) JdbcClaims.countEnded(ended, keys.get(i));
            }
            claims.wakeKeyWaiters(c, ended);
            return rescued;
        });
    }

    int jobsRelease(String owner, List<LeaseRef> leases, Instant now) {
        return db.write("hand back leases", c -> {
            int n = 0;
            Map<List<String>, Integer> ended = new HashMap<>();
            PreparedStatement lease = db.statement(c, db.sql().get("selectLease"));
            for (LeaseRef l : leases) {
                lease.setString(1, l.id().toString());
                lease.setInt(2, l.attempt());
                lease.setString(3, owner);
                boolean cancel;
                List<String> key;
                try (ResultSet rs = lease.executeQuery()) {
                    if (!rs.next()) continue;
                    cancel = rs.getInt("cancel_requested") != 0;
                    key = keyOf(rs);
                }
                JobState next = cancel ? JobState.CANCELLED : JobState.AVAILABLE;
                int taken = takeBack(c, l.id(), l.attempt(), owner, null, next, true, Attempt.Outcome.RELEASED,
                        "node " + owner + " shut down before the job finished; handed back", now);
                if (taken > 0) JdbcClaims.countEnded(ended, key);
                n += taken;
            }
            claims.wakeKeyWaiters(c, ended);
            return n;
        });
    }

    int jobsUnclaim(String owner, List<LeaseRef> leases) {
        return db.write("undo unanswered claims", c -> {
            int n = 0;
            Map<List<String>, Integer> ended = new HashMap<>();
            Set<String> queues = new HashSet<>();
            PreparedStatement ps = db.statement(c, db.sql().get("unclaim"));
            for (LeaseRef l : leases) {
                ps.setString(1, l.id().toString());
                ps.setInt(2, l.attempt());
                ps.setString(3, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) continue;
                    queues.add(rs.getString("queue"));
                    JdbcClaims.countEnded(ended, keyOf(rs));
                    n++;
                }
            }
            claims.wakeKeyWaiters(c, ended);
            db.notifyAvailable(c, queues);
            return n;
        });
    }

    /** The run's (tenant, concurrency key), or null when it has no key. */
    private static List<String> keyOf(ResultSet rs) throws SQLException {
        String key = rs.getString("concurrency_key");
        return key == null ? null : List.of(rs.getString("tenant"), key);
    }

    /** Ends a run its node did not finish, and records why in the history. Call inside a write. */
    private int takeBack(java.sql.Connection c, UUID id, int attempt, String owner, Instant startedAt, JobState next, boolean free,
                         Attempt.Outcome outcome, String why, Instant now) throws SQLException {
        PreparedStatement ps = db.statement(c, db.sql().get("takeBack"));
        ps.setString(1, id.toString());
        ps.setInt(2, attempt);
        ps.setString(3, next.dbName());
        ps.setInt(4, free ? 1 : 0);
        ps.setString(5, why);
        setMillis(ps, 6, now);
        int n = ps.executeUpdate();
        if (n > 0) {
            PreparedStatement history = db.statement(c, db.sql().get("insertAttempt"));
            JdbcRows.bindAttempt(history, id, attempt, owner, startedAt, now, outcome, why, null, null);
            history.executeUpdate();
        }
        return n;
    }
}
