package io.jobvault.store.sqlite;

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
final class SqliteRows {
    private SqliteRows() {}

    static Job job(ResultSet rs) throws SQLException {
        Long timeoutMs = longOrNull(rs, "timeout_ms");
        return new Job(
                UUID.fromString(rs.getString("id")),
                rs.getString("type"),
                rs.getString("queue"),
                JobState.fromDbName(rs.getString("state")),
                rs.getInt("priority"),
                rs.getString("payload"),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                instant(rs, "run_at"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                timeoutMs == null ? null : Duration.ofMillis(timeoutMs),
                rs.getString("tenant"),
                rs.getString("idempotency_key"),
                rs.getString("unique_key"),
                Json.readLabels(rs.getString("labels")),
                intOrNull(rs, "progress_percent"),
                rs.getString("progress_message"),
                rs.getString("result"),
                rs.getString("last_error"),
                rs.getString("lease_owner"),
                instant(rs, "lease_expires_at"),
                rs.getInt("cancel_requested") != 0,
                instant(rs, "expires_at"));
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
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer intOrNull(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
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
}
