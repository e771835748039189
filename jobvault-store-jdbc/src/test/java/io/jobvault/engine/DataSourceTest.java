package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/** {@code JobvaultBuilder.dataSource} with the application's SQLite DataSource (PostgreSQL: ApplicationPoolTest). */
class DataSourceTest extends EngineTestBase {
    @Test
    void anApplicationsSqliteDataSourceNamesTheStoresFile() {
        Path file = dir.resolve("app.db");
        SQLiteDataSource applications = new SQLiteDataSource();
        applications.setUrl("jdbc:sqlite:" + file);

        Jobvault jv = h.start(h.builder("n1").dataSource(applications).queue("default", 1)
                .handler("hello", ctx -> JobOutcome.success("{\"hello\":true}")));
        UUID id = jv.submit(JobRequest.of("hello", "{}")).id();

        assertThat(awaitState(jv, id, JobState.SUCCEEDED).result()).isEqualTo("{\"hello\":true}");
        assertThat(file).exists();
        assertThat(h.db).doesNotExist(); // the harness's own file: dataSource replaced the URL it set
    }
}
