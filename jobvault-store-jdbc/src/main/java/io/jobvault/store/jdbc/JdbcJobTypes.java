package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import io.jobvault.json.Json;
import io.jobvault.store.KnownJobTypes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which job types something runs: live nodes' handlers, schedules' templates, remote workers' declarations. */
final class JdbcJobTypes {
    /** A worker bound to no tenant is stored under this tenant (a key column cannot be null). */
    private static final String NO_TENANT = "";

    private final SqlDatabase db;

    JdbcJobTypes(SqlDatabase db) {
        this.db = db;
    }

    void workerJobTypesSeen(String tenant, Set<String> types, Instant now, Instant forgetBefore) {
        db.write("record the job types of a worker", c -> {
            PreparedStatement seen = db.statement(c, db.sql().get("workerJobTypeSeen"));
            for (String type : new TreeSet<>(types)) { // in key order, so concurrent declarations never deadlock
                seen.setString(1, tenant == null ? NO_TENANT : tenant);
                seen.setString(2, type);
                setMillis(seen, 3, now);
                seen.addBatch();
            }
            seen.executeBatch();
            PreparedStatement forget = db.statement(c, db.sql().get("workerJobTypesForget"));
            setMillis(forget, 1, forgetBefore);
            return forget.executeUpdate();
        });
    }

    KnownJobTypes jobTypesKnown(Instant nodesSince, Instant workersSince) {
        return db.read("read the known job types", c -> {
            Set<String> everyone = new HashSet<>();
            Map<String, Set<String>> byTenant = new HashMap<>();
            PreparedStatement nodes = db.statement(c, db.sql().get("liveNodeJobTypes"));
            setMillis(nodes, 1, nodesSince);
            try (ResultSet rs = nodes.executeQuery()) {
                while (rs.next()) everyone.addAll(List.of(Json.read(rs.getString(1), String[].class)));
            }
            PreparedStatement schedules = db.statement(c, db.sql().get("scheduleJobTypes"));
            try (ResultSet rs = schedules.executeQuery()) {
                while (rs.next()) if (rs.getString(1) != null) everyone.add(rs.getString(1));
            }
            PreparedStatement workers = db.statement(c, db.sql().get("workerJobTypesSince"));
            setMillis(workers, 1, workersSince);
            try (ResultSet rs = workers.executeQuery()) {
                while (rs.next()) {
                    String tenant = rs.getString(1);
                    if (NO_TENANT.equals(tenant)) everyone.add(rs.getString(2));
                    else byTenant.computeIfAbsent(tenant, t -> new HashSet<>()).add(rs.getString(2));
                }
            }
            return new KnownJobTypes(everyone, byTenant);
        });
    }
}
