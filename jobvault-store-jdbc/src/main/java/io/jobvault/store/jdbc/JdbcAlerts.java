package io.jobvault.store.jdbc;

import static io.jobvault.store.jdbc.JdbcRows.instant;
import static io.jobvault.store.jdbc.JdbcRows.setMillis;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jobvault.JobState;
import io.jobvault.alert.Alert;
import io.jobvault.alert.Severity;
import io.jobvault.json.Json;
import io.jobvault.store.AlertStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Alerts, and the job counts the alert rules read. */
final class JdbcAlerts {
    private static final TypeReference<Map<String, String>> CONTEXT = new TypeReference<>() {};

    private final SqlDatabase db;

    JdbcAlerts(SqlDatabase db) {
        this.db = db;
    }

    Optional<Alert> open(Alert a) {
        return db.write("raise alert " + a.key(), c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("alertOpen"));
            ps.setString(1, a.key());
            ps.setString(2, a.rule());
            ps.setString(3, a.severity().name());
            ps.setString(4, a.title());
            ps.setString(5, a.message());
            ps.setString(6, a.hint());
            ps.setString(7, Json.write(a.context()));
            setMillis(ps, 8, a.raisedAt());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Alert(rs.getLong(1), a.key(), a.rule(), a.severity(), a.title(), a.message(), a.hint(),
                        a.context(), a.raisedAt(), null));
            }
        });
    }

    List<Alert> openAlerts() {
        return db.read("read open alerts", c -> alerts(db.statement(c, db.sql().get("alertsOpen"))));
    }

    Optional<Alert> resolve(long id, Instant at) {
        return db.write("resolve alert " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("alertResolve"));
            ps.setLong(1, id);
            setMillis(ps, 2, at);
            List<Alert> rows = alerts(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        });
    }

    Optional<Alert> acknowledge(long id, String by, Instant at) {
        return db.write("acknowledge alert " + id, c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("alertAcknowledge"));
            ps.setLong(1, id);
            ps.setString(2, by);
            setMillis(ps, 3, at);
            List<Alert> rows = alerts(ps);
            if (rows.isEmpty()) { // resolved, acknowledged already, or unknown: say which by how it stands
                PreparedStatement byId = db.statement(c, db.sql().get("alertById"));
                byId.setLong(1, id);
                rows = alerts(byId);
            }
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
        });
    }

    int prune(Instant cutoff, int limit) {
        return db.write("prune resolved alerts", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("alertsPrune"));
            setMillis(ps, 1, cutoff);
            ps.setInt(2, limit);
            return ps.executeUpdate();
        });
    }

    List<Alert> since(Instant since, int limit) {
        return db.read("read recent alerts", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("alertsSince"));
            setMillis(ps, 1, since);
            ps.setInt(2, limit);
            return alerts(ps);
        });
    }

    List<AlertStore.FinishedCount> finishedCountsSince(UUID lowerBound, int limit) {
        return db.read("count finished jobs by type and queue", c -> {
            PreparedStatement ps = db.statement(c, db.sql().get("finishedCountsSince"));
            ps.setString(1, lowerBound.toString());
            ps.setInt(2, limit);
            List<AlertStore.FinishedCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertStore.FinishedCount(rs.getString(1), rs.getString(2), JobState.fromDbName(rs.getString(3)),
                            rs.getLong(4)));
                }
            }
            return out;
        });
    }

    private static List<Alert> alerts(PreparedStatement ps) throws SQLException {
        List<Alert> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, String> context;
                try {
                    context = Json.MAPPER.readValue(rs.getString(8), CONTEXT);
                } catch (java.io.IOException e) {
                    context = Map.of();
                }
                out.add(new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), Severity.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getString(7), context, instant(rs, 9), instant(rs, 10), rs.getString(12), instant(rs, 11)));
            }
        }
        return out;
    }
}
