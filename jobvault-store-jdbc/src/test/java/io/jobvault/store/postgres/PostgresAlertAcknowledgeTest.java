package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.AlertAcknowledgeConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAlertAcknowledgeTest extends AlertAcknowledgeConformance {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    protected JobStore openStore() {
        return PostgresJobStore.open(schema.url());
    }
}
