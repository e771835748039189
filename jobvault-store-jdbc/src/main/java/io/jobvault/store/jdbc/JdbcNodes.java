package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.json.Json;
import io.jobvault.store.NodeRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The node registry and leader leases: which nodes are alive, and which one leads maintenance. */
final class JdbcNodes {
    private final SqlDatabase db;

    JdbcNodes(SqlDatabase db) {
        this.db = db;
    }

    void nodeHeartbeat(String nodeId, Set<String> jobTypes, Instant now, String version, Duration clockSkew) {
        db.write("heartbeat node " + nodeId, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("nodeHeartbeat"));
            ps.setString(1, nodeId);
            setMillis(ps, 2, now);
            ps.setString(3, Json.write(new TreeSet<>(jobTypes)));
            ps.setString(4, version);
            if (clockSkew == null) ps.setNull(5, Types.BIGINT);
            else ps.setLong(5, clockSkew.toMillis());
            return ps.executeUpdate();
        });
    }

    List<NodeRow> nodesList() {
        return db.read("list nodes", c -> {
            List<NodeRow> nodes = new ArrayList<>();
            try (ResultSet rs = db.statement(c, db.sql().get("nodesList")).executeQuery()) {
                while (rs.next()) {
                    long skew = rs.getLong("clock_skew_ms");
                    Duration clockSkew = rs.wasNull() ? null : Duration.ofMillis(skew);
                    nodes.add(new NodeRow(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("started_at")),
                            Instant.ofEpochMilli(rs.getLong("heartbeat_at")), rs.getString("version"), clockSkew));
                }
            }
            return nodes;
        });
    }

    List<String> nodesSilentSince(Instant cutoff) {
        return db.read("find silent nodes", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("nodesSilentSince"));
            setMillis(ps, 1, cutoff);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        });
    }

    void nodeForget(String nodeId) {
        db.write("forget node " + nodeId, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("nodeForget"));
            ps.setString(1, nodeId);
            return ps.executeUpdate();
        });
    }

    boolean leaderAttemptElect(String role, String nodeId, Instant now, Instant until) {
        return db.write("elect a leader for " + role, c -> {
            PreparedStatement elect = db.statement(c, db.sql().get("leaderElect"));
            elect.setString(1, role);
            elect.setString(2, nodeId);
            setMillis(elect, 3, until);
            setMillis(elect, 4, now);
            elect.executeUpdate();
            PreparedStatement holder = db.statement(c, db.sql().get("leaderHolder"));
            holder.setString(1, role);
            try (ResultSet rs = holder.executeQuery()) {
                return rs.next() && nodeId.equals(rs.getString(1));
            }
        });
    }

    Optional<String> leaderOf(String role) {
        return db.read("read the leader of " + role, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("leaderHolder"));
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    void leaderResign(String role, String nodeId) {
        db.write("resign " + role, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("leaderResign"));
            ps.setString(1, role);
            ps.setString(2, nodeId);
            return ps.executeUpdate();
        });
    }
}
