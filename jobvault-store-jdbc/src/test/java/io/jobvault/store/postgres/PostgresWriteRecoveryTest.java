package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.store.StoreException;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write that fails never leaves its pooled connection in a transaction, and says what failed: with a pool of one
 * connection, the next write must get a clean one (the same, rolled back, or a new one when the old one broke).
 */
class PostgresWriteRecoveryTest {
    private final String url = PostgresTestSchemas.newSchemaUrl();
    private final String schema = PostgresJobStore.schemaOf(url);
    private PostgresDatabase db;

    @BeforeEach
    void open() {
        db = new PostgresDatabase(url, 1, schema, false);
        db.write("create a table", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                st.execute("CREATE TABLE " + schema + ".t (v text)");
            }
            return null;
        });
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        PostgresTestSchemas.drop(url);
    }

    private void insert(java.sql.Connection c, String v) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("INSERT INTO " + schema + ".t (v) VALUES (?)")) {
            ps.setString(1, v);
            ps.executeUpdate();
        }
    }

    private long rows() {
        return db.read("count", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".t")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void aFailedWorkIsRolledBackAndItsConnectionComesBackClean() {
        assertThatThrownBy(() -> db.write("fail half-way", c -> {
            insert(c, "half");
            throw new IllegalStateException("the work failed after writing");
        })).isInstanceOf(IllegalStateException.class);
        db.write("insert", c -> {
            assertThat(c.getAutoCommit()).isFalse(); // the write's own transaction, not one left open
            insert(c, "whole");
            return null;
        });
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aConnectionLostMidTransactionIsReportedAsSuchAndReplaced() {
        assertThatThrownBy(() -> db.write("lose the connection", c -> {
            insert(c, "lost");
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_terminate_backend(pg_backend_pid())");
            }
            return null;
        })).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot lose the connection: ")
                .hasMessageNotContaining("This connection has been closed"); // the cause, not the cleanup's failure
        db.write("insert", c -> {
            insert(c, "after");
            return null;
        });
        assertThat(rows()).as("the lost transaction's row is gone, the next write's is there").isEqualTo(1);
        assertThat(db.writeHealth().current()).as("a lost connection is an outage, not a store that cannot write").isEmpty();
    }
}
