package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.PruneAndListConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresPruneAndListTest extends PruneAndListConformance {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    protected JobStore openStore() {
        return PostgresJobStore.open(schema.url());
    }
}
