package io.jobvault.store.jdbc;

import io.jobvault.JobFilter;
import io.jobvault.id.JobIds;
import io.jobvault.store.JobListParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Jobs matching a {@link JobFilter}, newest first, after a keyset cursor. Only the filters given are added, so the
 * database walks the index that matches: {@code jobs_state} or {@code jobs_tenant} (both ending in id), the label
 * index {@code job_labels (key, value, job_id)} (the walk then goes down its job_id), {@code jobs_finished}, or the
 * primary key for a created range — ids are UUIDv7, so a creation time is an id bound, and the range costs nothing.
 */
final class JdbcJobListQuery {
    /** Reads one row of the result. */
    interface Rows {
        void accept(ResultSet rs) throws SQLException;
    }

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();
    /** Whether the query has one of the few shapes of the state/queue/type/tenant filters, worth a cached statement. */
    private final boolean common;

    /** @param jobColumns the dialect's {@code jobColumns} list */
    JdbcJobListQuery(JobListParams p, String jobColumns) {
        this(jobColumns, p.filter(), p.afterId(), p.limit());
    }

    /** The matching jobs' {@code columns}, newest first: up to {@code limit} with ids below {@code afterId} (null: any). */
    JdbcJobListQuery(String columns, JobFilter f, UUID afterId, long limit) {
        sql = new StringBuilder("SELECT ").append(columns);
        common = f.label() == null && f.id() == null && f.createdFrom() == null && f.createdTo() == null
                && f.finishedFrom() == null && f.finishedTo() == null;
        String idColumn = where(f);
        if (afterId != null) add(" AND " + idColumn + " < ?", afterId.toString());
        add(" ORDER BY " + idColumn + " DESC LIMIT ?", limit);
    }

    /** How many jobs match, counting at most {@code cap} of them. */
    static JdbcJobListQuery count(JobFilter f, long cap) {
        JdbcJobListQuery q = new JdbcJobListQuery("jobs.id", f, null, cap);
        q.sql.insert(0, "SELECT count(*) FROM (").append(") matched");
        return q;
    }

    /** Appends FROM and WHERE; returns the id column the keyset walks (the label index's, when a label is given). */
    private String where(JobFilter f) {
        String idColumn = "jobs.id";
        if (f.label() != null) {
            // the label table drives: its (key, value, job_id) order is the page order, so no sort and no scan. CROSS
            // JOIN makes SQLite keep it as the outer loop (PostgreSQL plans it as an inner join, by its statistics)
            sql.append(" FROM job_labels l CROSS JOIN jobs WHERE jobs.id = l.job_id AND l.key = ?");
            params.add(f.label().key());
            add(" AND l.value = ?", f.label().value());
            idColumn = "l.job_id";
        } else {
            sql.append(" FROM jobs WHERE 1 = 1");
        }
        if (f.id() != null) add(" AND " + idColumn + " = ?", f.id().toString());
        if (f.state() != null) add(" AND state = ?", f.state().dbName());
        if (f.tenant() != null) add(" AND tenant = ?", f.tenant());
        if (f.queue() != null) add(" AND queue = ?", f.queue());
        if (f.type() != null) add(" AND type = ?", f.type());
        if (f.createdFrom() != null) add(" AND " + idColumn + " >= ?", JobIds.lowerBound(f.createdFrom()).toString());
        if (f.createdTo() != null) add(" AND " + idColumn + " < ?", JobIds.lowerBound(f.createdTo()).toString());
        if (f.finishedFrom() != null) add(" AND finished_at >= ?", f.finishedFrom().toEpochMilli());
        if (f.finishedTo() != null) add(" AND finished_at < ?", f.finishedTo().toEpochMilli());
        return idColumn;
    }

    private void add(String clause, Object value) {
        sql.append(clause);
        params.add(value);
    }

    /**
     * Runs the query on {@code c}. The common shapes use the connection's cached statements; the others (some
     * thousands of combinations of the newer filters) are prepared for the call and closed, so the cache stays small.
     */
    void run(SqlDatabase db, Connection c, Rows rows) throws SQLException {
        PreparedStatement ps = common ? db.statement(c, sql()) : db.prepare(c, sql());
        try {
            bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.accept(rs);
            }
        } finally {
            if (!common) ps.close();
        }
    }

    String sql() {
        return sql.toString();
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
    }
}
