package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.ClaimConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresClaimTest extends ClaimConformance {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    protected JobStore openStore() {
        return PostgresJobStore.open(schema.url());
    }
}
