package io.jobvault.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every query the shared JDBC store uses exists in every dialect's SQL file, with the job columns in row order. */
class SqlFilesTest {
    static final List<String> DIALECTS = List.of("/io/jobvault/store/sqlite/jobs.sql", "/io/jobvault/store/postgres/jobs.sql");

    @Test
    void everyQueryTheStoreUsesExistsInEveryDialect() throws Exception {
        Set<String> used = new HashSet<>();
        Pattern name = Pattern.compile("sql\\(\\)\\.get\\(\"(\\w+)\"\\)|\"(select\\w+|claim\\w+)\"");
        try (Stream<Path> files = Files.list(Path.of("src/main/java/io/jobvault/store/jdbc"))) {
            for (Path f : files.toList()) {
                Matcher m = name.matcher(Files.readString(f));
                while (m.find()) used.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }
        assertThat(used).contains("claimWindow", "finishIfRunning", "heartbeat", "jobColumns");
        for (String dialect : DIALECTS) {
            assertThat(SqlQueries.load(dialect, SqlQueries.SHARED).names()).as(dialect).containsAll(used);
        }
    }

    @Test
    void jobRowsAreReadInTheOrderOfJobColumns() {
        for (String dialect : DIALECTS) {
            List<String> declared = Arrays.stream(SqlQueries.load(dialect, SqlQueries.SHARED).get("jobColumns").split(",")).map(String::strip).toList();
            assertThat(declared).as(dialect).containsExactlyElementsOf(JdbcRows.JOB_COLUMNS);
        }
    }

    @Test
    void aQueryNamedTwiceAcrossTheFilesIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SqlQueries.parse("-- name: a\nSELECT 1\n-- name: a\nSELECT 2\n"))
                .hasMessageContaining("SQL query a is defined twice");
    }
}
