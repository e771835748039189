package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.store.StoreException;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL write outcomes tell /health/ready: a lost race is no sign writes fail, and a committed write that
 * changed rows clears an earlier failure. The errors are the server's own, raised with their SQLSTATE.
 */
class PostgresWriteHealthTest {
    private String url;
    private PostgresDatabase db;

    @BeforeEach
    void open() {
        url = PostgresTestSchemas.newSchemaUrl();
        PostgresJobStore.migrate(url);
        db = new PostgresDatabase(url, 2, PostgresJobStore.schemaOf(url), false);
    }

    @AfterEach
    void close() throws SQLException {
        if (db != null) db.close();
        PostgresTestSchemas.drop(url);
    }

    private void execute(String what, String sql) {
        db.write(what, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
            return null;
        });
    }

    private void putMeta() {
        execute("put a row", "INSERT INTO jobvault_meta (key, value) VALUES ('health-test', 'v')"
                + " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    }

    @Test
    void aDeadlockASerializationFailureOrABusyLockIsNoSignWritesFail() {
        for (String sqlState : new String[] {"40P01", "40001", "55P03"}) {
            assertThatThrownBy(() -> execute("lose a race", "DO $$ BEGIN RAISE EXCEPTION 'lost' USING ERRCODE = '"
                    + sqlState + "'; END $$")).isInstanceOf(StoreException.class);
            assertThat(db.writeHealth().current()).as(sqlState).isEmpty();
        }
    }

    @Test
    void aCommittedWriteThatChangedRowsClearsAFailureAndOneThatChangedNothingDoesNot() {
        assertThatThrownBy(() -> execute("write in a read-only transaction", "SET TRANSACTION READ ONLY;"
                + " INSERT INTO jobvault_meta (key, value) VALUES ('refused', 'v')")).isInstanceOf(StoreException.class);
        assertThat(db.writeHealth().current()).as("25006: this database takes no writes").isPresent();

        execute("change nothing", "SELECT 1");
        assertThat(db.writeHealth().current()).as("a commit that wrote nothing proves nothing").isPresent();

        putMeta();
        assertThat(db.writeHealth().current()).isEmpty();
    }
}
