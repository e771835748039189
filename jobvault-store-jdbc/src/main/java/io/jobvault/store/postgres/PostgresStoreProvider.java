package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;

/** Opens {@code jdbc:postgresql:} URLs. */
public final class PostgresStoreProvider implements JobStoreProvider {
    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public JobStore open(String jdbcUrl) {
        return PostgresJobStore.open(jdbcUrl);
    }
}
