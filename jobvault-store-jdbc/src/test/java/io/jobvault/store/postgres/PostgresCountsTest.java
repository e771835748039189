package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.CountsConformance;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresCountsTest extends CountsConformance {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    protected JobStore openStore() {
        return PostgresJobStore.open(schema.url());
    }

    @Override
    protected Connection openTableConnection() throws SQLException {
        return DriverManager.getConnection(schema.url());
    }
}
