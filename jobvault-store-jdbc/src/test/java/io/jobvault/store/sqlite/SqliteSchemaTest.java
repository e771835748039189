package io.jobvault.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.JobvaultException;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaTest {
    @TempDir
    Path dir;

    @Test
    void reopeningAMigratedDatabaseKeepsItsData() {
        Path db = dir.resolve("j.db");
        try (SqliteJobStore s = SqliteJobStore.open(db)) {
            s.metaGetOrInit("k", "v");
        }
        try (SqliteJobStore s = SqliteJobStore.open(db)) {
            assertThat(s.metaGetOrInit("k", "other")).isEqualTo("v");
        }
    }

    @Test
    void refusesADatabaseMigratedByANewerJobvault() throws Exception {
        Path db = dir.resolve("j.db");
        SqliteJobStore.open(db).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement()) {
            st.executeUpdate("INSERT INTO jobvault_schema_history (installed_rank, version, description, type, script,"
                    + " checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
                    + " 'V99__future.sql', 0, 'test', 0, 1)");
        }
        assertThatThrownBy(() -> SqliteJobStore.open(db)).isInstanceOf(JobvaultException.class)
                .hasMessageContaining("newer than this Jobvault");
    }

    @Test
    void runsWithDurableWriteAheadLogging() throws Exception {
        Path db = dir.resolve("j.db");
        try (SqliteJobStore s = SqliteJobStore.open(db)) {
            s.metaGetOrInit("k", "v");
            try (var c = DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
                 var rs = st.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
        }
    }

    @Test
    void theWriterFsyncsEveryCommit() {
        try (SqliteJobStore s = SqliteJobStore.open(dir.resolve("j.db"))) {
            int synchronous = s.database().write("read the writer's synchronous mode", c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA synchronous")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(synchronous).as("PRAGMA synchronous on the writer connection (2 = FULL)").isEqualTo(2);
        }
    }

    @Test
    void theWriterKeepsItsJournalsOfSavepointsAndStatementsInMemory() {
        try (SqliteJobStore s = SqliteJobStore.open(dir.resolve("j.db"))) {
            int tempStore = s.database().write("read the writer's temp store", c -> {
                try (var st = c.createStatement(); var rs = st.executeQuery("PRAGMA temp_store")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(tempStore).as("PRAGMA temp_store on the writer connection (2 = MEMORY)").isEqualTo(2);
        }
    }
}
