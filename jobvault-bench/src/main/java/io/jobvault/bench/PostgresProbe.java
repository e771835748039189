package io.jobvault.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the bench asks PostgreSQL directly. Transactions are counted for the whole database (commits and rollbacks, from
 * {@code pg_stat_database}); backends report their counts when they end or go idle, so read after the phase's nodes
 * have closed their pools; anything else using the database at the same time is counted too.
 */
final class PostgresProbe {
    private final String url;

    /** @param url the bench schema's URL */
    PostgresProbe(String url) {
        this.url = url;
    }

    /**
     * Vacuums the jobs table, as autovacuum would between phases. Some servers run with autovacuum off (this one
     * does); without it, dead row versions pile up and the retained-jobs figure would measure that instead.
     */
    void vacuumJobs() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE) jobs");
        }
    }

    boolean autovacuumOn() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW autovacuum")) {
            rs.next();
            return rs.getString(1).equals("on");
        }
    }

    long transactions() throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = st.executeQuery(
                    "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
