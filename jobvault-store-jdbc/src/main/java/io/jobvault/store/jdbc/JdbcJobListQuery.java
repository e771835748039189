package io.jobvault.store.jdbc;

import io.jobvault.JobFilter;
import io.jobvault.id.JobIds;
import io.jobvault.store.JobListParams;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /** The largest time a UUIDv7 holds (48 bits of milliseconds). */
    private static final long MAX_MILLIS = (1L << 48) - 1;

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
        this(columns, f, afterId, limit, 0);
    }

    /**
     * With {@code walk} > 0 (see {@link #recentWalk}), only the {@code walk} newest jobs below the cursor and the
     * finished range's end are looked at.
     */
    private JdbcJobListQuery(String columns, JobFilter f, UUID afterId, long limit, int walk) {
        sql = new StringBuilder("SELECT ").append(columns);
        common = f.label() == null && f.id() == null && f.createdFrom() == null && f.createdTo() == null
                && f.finishedFrom() == null && f.finishedTo() == null;
        String idColumn = "jobs.id";
        if (walk > 0) {
            // a job finished before the range's end was created before it, and ids are creation times
            Instant end = f.finishedTo() != null ? f.finishedTo() : Instant.ofEpochMilli(MAX_MILLIS);
            sql.append(" FROM (SELECT * FROM jobs WHERE id < ?");
            params.add(JobIds.lowerBound(end).toString());
            if (afterId != null) add(" AND id < ?", afterId.toString());
            add(" ORDER BY id DESC LIMIT ?) jobs WHERE 1 = 1", walk);
            whereFilters(f, idColumn);
        } else {
            idColumn = where(f);
            if (afterId != null) add(" AND " + idColumn + " < ?", afterId.toString());
        }
        add(" ORDER BY " + idColumn + " DESC LIMIT ?", limit);
    }

    /**
     * For a finished range (without label or id): the same page read by walking the primary key down from the
     * range's end, looking at the {@code walk} newest jobs only. Most jobs finish soon after they are created, so the
     * page is usually among them; when the walk finds a full page it is exactly the page (it saw every job in id order
     * above its last one). Otherwise the caller reads the page the general way, which sorts every job the finished
     * index holds in the range (about 50,000 for an hour at ten million jobs a week). Empty when the filter has no
     * finished range, or a label or id that the general query serves better.
     */
    static Optional<JdbcJobListQuery> recentWalk(String columns, JobFilter f, UUID afterId, long limit, int walk) {
        if ((f.finishedFrom() == null && f.finishedTo() == null) || f.label() != null || f.id() != null) return Optional.empty();
        return Optional.of(new JdbcJobListQuery(columns, f, afterId, limit, walk));
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
        whereFilters(f, idColumn);
        return idColumn;
    }

    /** The filter's conditions other than its label, {@code idColumn} being the id the keyset walks. */
    private void whereFilters(JobFilter f, String idColumn) {
        if (f.id() != null) add(" AND " + idColumn + " = ?", f.id().toString());
        if (f.state() != null) add(" AND state = ?", f.state().dbName());
        if (f.tenant() != null) add(" AND tenant = ?", f.tenant());
        if (f.queue() != null) add(" AND queue = ?", f.queue());
        if (f.type() != null) add(" AND type = ?", f.type());
        if (f.createdFrom() != null) add(" AND " + idColumn + " >= ?", JobIds.lowerBound(f.createdFrom()).toString());
        if (f.createdTo() != null) add(" AND " + idColumn + " < ?", JobIds.lowerBound(f.createdTo()).toString());
        if (f.finishedFrom() != null) add(" AND finished_at >= ?", f.finishedFrom().toEpochMilli());
        if (f.finishedTo() != null) add(" AND finished_at < ?", f.finishedTo().toEpochMilli());
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
