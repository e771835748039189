package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.BulkConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresBulkTest extends BulkConformance {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    protected JobStore openStore() {
        return PostgresJobStore.open(schema.url());
    }
}
