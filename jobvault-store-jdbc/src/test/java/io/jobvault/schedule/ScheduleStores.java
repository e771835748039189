package io.jobvault.schedule;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The store a schedule test runs on: a SQLite file in the test's directory, or a fresh schema on the real PostgreSQL
 * server (127.0.0.1:5432, or JOBVAULT_TEST_POSTGRES_URL) that {@link #close} drops.
 */
final class ScheduleStores implements AutoCloseable {
    private static final String PG = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    final String url;
    private final String schema;

    ScheduleStores(String kind, Path dir) {
        schema = kind.equals("postgres") ? "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) : null;
        url = schema == null ? "jdbc:sqlite:" + dir.resolve("jobvault.db") : PG + "&currentSchema=" + schema;
    }

    @Override
    public void close() throws SQLException {
        if (schema == null) return;
        try (Connection c = DriverManager.getConnection(PG); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
