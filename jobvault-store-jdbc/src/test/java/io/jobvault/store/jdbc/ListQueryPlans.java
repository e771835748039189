package io.jobvault.store.jdbc;

import io.jobvault.JobFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The database's plan for a filtered job page, as the store asks for it (for tests that no filter scans the table). */
public final class ListQueryPlans {
    private ListQueryPlans() {}

    /**
     * The plan's lines for a page of {@code filter} after {@code afterId}; {@code explain} is the dialect's prefix
     * ("EXPLAIN QUERY PLAN " on SQLite, "EXPLAIN " on PostgreSQL).
     */
    public static List<String> plan(Connection c, String explain, JobFilter filter, UUID afterId) throws SQLException {
        JdbcJobListQuery q = new JdbcJobListQuery("id, state, queue", filter, afterId, 50);
        List<String> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(explain + q.sql())) {
            q.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                int detail = rs.getMetaData().getColumnCount(); // SQLite: the last column; PostgreSQL: the only one
                while (rs.next()) lines.add(rs.getString(detail));
            }
        }
        return lines;
    }
}
