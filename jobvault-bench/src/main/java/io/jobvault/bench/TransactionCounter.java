package io.jobvault.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Counts PostgreSQL transactions (commits and rollbacks of the whole database, from {@code pg_stat_database}) around
 * a phase. Backends report their counts when they end or go idle, so read after the phase's nodes have closed their
 * pools; anything else using the database at the same time is counted too.
 */
final class TransactionCounter {
    private final String url;

    TransactionCounter(String url) {
        this.url = url;
    }

    long now() throws SQLException {
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
