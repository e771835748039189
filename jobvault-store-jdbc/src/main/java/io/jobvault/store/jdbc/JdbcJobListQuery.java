package io.jobvault.store.jdbc;

import io.jobvault.JobFilter;
import io.jobvault.store.JobListParams;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A keyset page of jobs, newest first. Only the filters given are added, so SQLite can walk the matching index
 * ({@code jobs_state} or {@code jobs_tenant}, both ending in id) instead of scanning finished rows.
 */
final class JdbcJobListQuery {
    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    /** @param jobColumns the dialect's {@code jobColumns} list */
    JdbcJobListQuery(JobListParams p, String jobColumns) {
        this.sql = new StringBuilder("SELECT ").append(jobColumns).append(" FROM jobs WHERE 1 = 1");
        JobFilter f = p.filter();
        if (f.state() != null) add(" AND state = ?", f.state().dbName());
        if (f.tenant() != null) add(" AND tenant = ?", f.tenant());
        if (f.queue() != null) add(" AND queue = ?", f.queue());
        if (f.type() != null) add(" AND type = ?", f.type());
        if (p.afterId() != null) add(" AND id < ?", p.afterId().toString());
        add(" ORDER BY id DESC LIMIT ?", p.limit());
    }

    private void add(String clause, Object value) {
        sql.append(clause);
        params.add(value);
    }

    String sql() {
        return sql.toString();
    }

    void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < params.size(); i++) ps.setObject(i + 1, params.get(i));
    }
}
