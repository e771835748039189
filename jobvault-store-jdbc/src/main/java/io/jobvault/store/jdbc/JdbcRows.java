package io.jobvault.store.jdbc;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.json.Json;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;

/** Reading rows into records and binding nullable values: times are epoch milliseconds, ids UUID text. */
final class JdbcRows {
    private JdbcRows() {}

    /** The columns of {@code jobColumns} in jobs.sql, in order: rows are read by position (labels cost a lookup each). */
    static final java.util.List<String> JOB_COLUMNS = java.util.List.of("id", "type", "queue", "state", "priority",
            "payload", "attempt", "max_attempts", "run_at", "created_at", "started_at", "finished_at", "timeout_ms", "tenant",
            "idempotency_key", "unique_key", "labels", "progress_percent", "progress_message", "result", "last_error",
            "lease_owner", "lease_expires_at", "cancel_requested", "expires_at", "concurrency_key", "concurrency_limit",
            "waits_for_key", "attempt_budget", "traceparent");

    static Job job(ResultSet rs) throws SQLException {
        Long timeoutMs = longOrNull(rs, 13);
        return new Job(
                UUID.fromString(rs.getString(1)),
                rs.getString(2),
                rs.getString(3),
                JobState.fromDbName(rs.getString(4)),
                rs.getInt(5),
                rs.getString(6),
                rs.getInt(7),
                rs.getInt(8),
                instant(rs, 9),
                instant(rs, 10),
                instant(rs, 11),
                instant(rs, 12),
                timeoutMs == null ? null : Duration.ofMillis(timeoutMs),
                rs.getString(14),
                rs.getString(15),
                rs.getString(16),
                Json.readLabels(rs.getString(17)),
                intOrNull(rs, 18),
                rs.getString(19),
                rs.getString(20),
                rs.getString(21),
                rs.getString(22),
                instant(rs, 23),
                rs.getInt(24) != 0,
                instant(rs, 25),
                rs.getString(26),
                intOrNull(rs, 27),
                waitingFor(rs.getString(4), rs.getInt(28)),
                rs.getInt(29),
                rs.getString(30));
    }

    /** Why a scheduled job waits, from {@code waits_for_key} (1: its key, 2: its type's rate limit). */
    private static String waitingFor(String state, int waits) {
        if (!"scheduled".equals(state)) return null; // the mark stays until the job next starts; it only means this
        return waits == 1 ? Job.WAITING_FOR_KEY : waits == 2 ? Job.WAITING_FOR_RATE_LIMIT : null;
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer intOrNull(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static Attempt attempt(ResultSet rs) throws SQLException {
        return new Attempt(
                rs.getInt("attempt"),
                rs.getString("node"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                Attempt.Outcome.valueOf(rs.getString("outcome")),
                rs.getString("error_message"),
                rs.getString("error_type"),
                rs.getString("stack_trace"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs, rs.findColumn(column));
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        return longOrNull(rs, rs.findColumn(column));
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        return intOrNull(rs, rs.findColumn(column));
    }

    static void setMillis(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.INTEGER);
        else ps.setLong(index, t.toEpochMilli());
    }

    static void setMillis(PreparedStatement ps, int index, Duration d) throws SQLException {
        if (d == null) ps.setNull(index, Types.INTEGER);
        else ps.setLong(index, d.toMillis());
    }

    /** A JSON array of id strings, for {@code json_each(?)}: one statement for many ids. */
    static String idArray(Collection<UUID> ids) {
        StringBuilder sb = new StringBuilder(ids.size() * 40 + 2).append('[');
        for (UUID id : ids) {
            if (sb.length() > 1) sb.append(',');
            sb.append('"').append(id).append('"');
        }
        return sb.append(']').toString();
    }

    /** Binds an attempt-history row: job, attempt, node, start, end, outcome, error, error type, stack. */
    static void bindAttempt(PreparedStatement ps, UUID id, int attempt, String node, Instant startedAt,
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
}
