package io.jobvault.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.JobvaultException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    void jobRowsAreReadInTheOrderOfJobColumns() {
        var declared = java.util.Arrays.stream(SqliteJobStore.SQL.get("jobColumns").split(",")).map(String::strip).toList();
        assertThat(declared).containsExactlyElementsOf(SqliteRows.JOB_COLUMNS);
    }

    @Test
    void everyQueryTheStoreUsesExists() throws Exception {
        String source = java.nio.file.Files.readString(Path.of("src/main/java/io/jobvault/store/sqlite/SqliteJobStore.java"));
        Matcher m = Pattern.compile("SQL\\.get\\(\"(\\w+)\"\\)").matcher(source);
        Set<String> used = new java.util.HashSet<>();
        while (m.find()) used.add(m.group(1));
        Matcher ternary = Pattern.compile("\"(select\\w+)\"").matcher(source);
        while (ternary.find()) used.add(ternary.group(1));
        assertThat(SqliteJobStore.SQL.names()).containsAll(used);
    }
}
