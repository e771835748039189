package io.jobvault.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema per test on the real PostgreSQL server (127.0.0.1:5432, database {@code test}, or
 * JOBVAULT_TEST_POSTGRES_URL), so runs never collide; {@link #drop} removes it.
 */
final class PostgresTestSchemas {
    static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private PostgresTestSchemas() {}

    /** A URL whose currentSchema is new and unique. */
    static String newSchemaUrl() {
        return BASE + "&currentSchema=jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static void drop(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + PostgresJobStore.schemaOf(url) + " CASCADE");
        }
    }
}
