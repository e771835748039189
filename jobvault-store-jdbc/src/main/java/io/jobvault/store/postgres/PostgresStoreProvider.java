package io.jobvault.store.postgres;

import io.jobvault.store.JobStore;
import io.jobvault.store.JdbcUrls;
import io.jobvault.store.JobStoreProvider;
import io.jobvault.store.NoStoreException;

/** Opens {@code jdbc:postgresql:} URLs. */
public final class PostgresStoreProvider implements JobStoreProvider {
    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String urlForm() {
        return "jdbc:postgresql://HOST:PORT/DATABASE?user=…&currentSchema=…";
    }

    @Override
    public JobStore open(String jdbcUrl) {
        return PostgresJobStore.open(jdbcUrl);
    }

    @Override
    public JobStore open(javax.sql.DataSource pool) {
        return PostgresJobStore.open(pool);
    }

    /** Only where the URL's schema ({@code currentSchema}, default {@code public}) holds Jobvault's tables. */
    @Override
    public JobStore openExisting(String jdbcUrl) {
        if (!PostgresJobStore.exists(jdbcUrl)) throw new NoStoreException(JdbcUrls.redact(jdbcUrl));
        return PostgresJobStore.open(jdbcUrl);
    }
}
