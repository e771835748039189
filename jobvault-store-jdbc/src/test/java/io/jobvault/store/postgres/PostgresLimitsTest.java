package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.testkit.conformance.LimitsConformance;
import org.junit.jupiter.api.AfterEach;

class PostgresLimitsTest extends LimitsConformance {
    private String url;

    @Override
    protected JobStore openStore() {
        url = PostgresTestSchemas.newSchemaUrl();
        return PostgresJobStore.open(url);
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (store != null) store.close();
        store = null;
        PostgresTestSchemas.drop(url);
    }
}
