package io.jobvault.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.store.StoreException;
import io.jobvault.store.WriteFailure;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single writer stays usable after a failed transaction. SQLite's page cap ({@code max_page_count}) gives the same
 * {@code SQLITE_FULL} as a full disk, on any machine; {@code FullDiskTest} does it with a real filesystem.
 */
class SqliteWriterRecoveryTest {
    private static final String INSERT = "INSERT INTO jobvault_meta (key, value) VALUES (?, ?)";

    @TempDir
    Path dir;
    private SqliteDatabase db;
    /** Rows this test inserted, and those the migrations put into jobvault_meta before it. */
    private int rows;
    private long schemaRows;

    @BeforeEach
    void open() {
        Path file = dir.resolve("jobvault.db");
        SqliteSchema.migrate("jdbc:sqlite:" + file);
        db = new SqliteDatabase(file);
        schemaRows = metaRows();
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** One row of 8 KiB through the cached statement, as every store write uses. */
    private void insertRow() {
        db.write("insert a row", c -> {
            PreparedStatement ps = db.statement(c, INSERT);
            ps.setString(1, "row-" + rows);
            ps.setString(2, "x".repeat(8192));
            ps.executeUpdate();
            return null;
        });
        rows++;
    }

    private void capPages(String cap) {
        db.write("cap the pages", c -> {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA max_page_count = " + cap);
            }
            return null;
        });
    }

    private long metaRows() {
        return db.read("count rows", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM jobvault_meta")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void aFullDatabaseTakesWritesAgainOnceItHasRoom() {
        insertRow();
        long pages = db.read("count pages", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_count")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        capPages(String.valueOf(pages + 8));
        StoreException full = null;
        for (int i = 0; i < 100 && full == null; i++) {
            try {
                insertRow();
            } catch (StoreException e) {
                full = e;
            }
        }
        assertThat(full).as("the capped database filled up").isNotNull();
        assertThat(full.getMessage()).contains("SQLITE_FULL");
        assertThat(db.writeHealth().current()).get().extracting(WriteFailure::diskFull).isEqualTo(true);
        long before = metaRows();
        assertThat(before).as("the failed transaction left nothing behind").isEqualTo(rows + schemaRows);

        capPages("1073741823"); // room again: the very next writes succeed, on the same writer
        for (int i = 0; i < 5; i++) insertRow();
        assertThat(metaRows()).isEqualTo(before + 5);
        assertThat(db.writeHealth().current()).as("a write that changed rows proves writes work").isEmpty();
    }

    @Test
    void aWriterWhoseConnectionBrokeIsReplaced() {
        insertRow();
        assertThatThrownBy(() -> db.write("break the connection", c -> {
            c.close(); // what a failure that takes the connection down leaves: neither COMMIT nor ROLLBACK can run
            return null;
        })).isInstanceOf(StoreException.class);
        insertRow();
        insertRow();
        assertThat(metaRows()).isEqualTo(rows + schemaRows);
    }

    @Test
    void aFailedWorkLeavesNoTransactionOpen() {
        assertThatThrownBy(() -> db.write("fail half-way", c -> {
            PreparedStatement ps = db.statement(c, INSERT);
            ps.setString(1, "half");
            ps.setString(2, "v");
            ps.executeUpdate();
            throw new IllegalStateException("the work failed after writing");
        })).isInstanceOf(IllegalStateException.class);
        insertRow();
        assertThat(metaRows()).as("the half-done row was rolled back").isEqualTo(rows + schemaRows);
        assertThat(db.writeHealth().current()).as("a failure of the work's own is no sign the store cannot write").isEmpty();
    }

    @Test
    void theWorksOwnFailureKeepsTheCachedStatements() {
        PreparedStatement[] cached = new PreparedStatement[1];
        db.write("cache the insert", c -> cached[0] = db.statement(c, INSERT));
        assertThatThrownBy(() -> db.write("fail without a failed statement", c -> {
            throw new IllegalStateException("the work's own failure");
        })).isInstanceOf(IllegalStateException.class);
        db.write("use it again", c -> {
            assertThat(db.statement(c, INSERT)).as("not finalized, so not prepared again").isSameAs(cached[0]);
            return null;
        });
    }

    @Test
    void anotherProcessHoldingTheFileIsNoSignWritesFail() throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobvault.db"));
             Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            assertThatThrownBy(this::insertRow).isInstanceOf(StoreException.class);
            st.execute("ROLLBACK");
        }
        assertThat(db.writeHealth().current()).as("SQLITE_BUSY: another process held the file").isEmpty();
    }
}
