package io.jobvault.store.sqlite;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.CountsConformance;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class SqliteCountsTest extends CountsConformance {
    @TempDir
    Path dir;

    @Override
    protected JobStore openStore() {
        return SqliteJobStore.open(dir.resolve("jobvault.db"));
    }

    @Override
    protected Connection openTableConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("jobvault.db"));
    }
}
