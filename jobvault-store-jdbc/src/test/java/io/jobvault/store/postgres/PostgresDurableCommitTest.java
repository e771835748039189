package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Accepted means durable (DESIGN promise 1): every connection the store commits on has {@code synchronous_commit}
 * on, even where the server's default for the role says {@code off}. The test runs as a role of its own whose default
 * is {@code off}, so a store that merely inherited the server's setting fails it.
 */
class PostgresDurableCommitTest {
    private final String role = "jv_async_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private String url;
    private PostgresJobStore store;

    @BeforeEach
    void createARoleWhoseCommitsAreAsynchronous() throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + role + " LOGIN SUPERUSER");
            st.execute("ALTER ROLE " + role + " SET synchronous_commit = off");
        }
        String base = PostgresTestSchemas.BASE.replaceAll("([?&])user=[^&]*", "$1user=" + role);
        url = base + (base.contains("user=" + role) ? "" : "&user=" + role) + "&currentSchema=" + role;
    }

    @AfterEach
    void dropTheRole() throws SQLException {
        if (store != null) store.close();
        try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + role + " CASCADE");
            st.execute("DROP OWNED BY " + role);
            st.execute("DROP ROLE " + role);
        }
    }

    private static String synchronousCommit(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void theRolesOwnConnectionsCommitAsynchronously() throws SQLException {
        try (Connection c = DriverManager.getConnection(url)) {
            assertThat(synchronousCommit(c)).as("the setting the store must override").isEqualTo("off");
        }
    }

    @Test
    void everyPooledConnectionCommitsSynchronously() {
        store = PostgresJobStore.open(url);
        List<String> settings = new ArrayList<>();
        holdConnections(store.database(), PostgresJobStore.POOL_SIZE, settings);
        assertThat(settings).hasSize(PostgresJobStore.POOL_SIZE).containsOnly("on");
        assertThat(store.database().write("read the setting in a write", PostgresDurableCommitTest::synchronousCommit))
                .isEqualTo("on");
    }

    @Test
    void aStrongerSettingIsLeftAsItIs() throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE); Statement st = c.createStatement()) {
            st.execute("ALTER ROLE " + role + " SET synchronous_commit = remote_apply");
        }
        store = PostgresJobStore.open(url);
        assertThat(store.database().read("read the setting", PostgresDurableCommitTest::synchronousCommit))
                .isEqualTo("remote_apply");
    }

    /** Borrows {@code n} connections at once (so all are distinct, most of them new) and records each one's setting. */
    private static void holdConnections(PostgresDatabase db, int n, List<String> settings) {
        if (n == 0) return;
        db.read("hold a connection", c -> {
            settings.add(synchronousCommit(c));
            holdConnections(db, n - 1, settings);
            return null;
        });
    }
}
