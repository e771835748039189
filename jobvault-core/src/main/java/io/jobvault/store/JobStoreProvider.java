package io.jobvault.store;

import java.util.Optional;
import java.util.ServiceLoader;

/** Opens a store for a JDBC URL. Stores register through {@link ServiceLoader}. */
public interface JobStoreProvider {
    boolean supports(String jdbcUrl);

    /** Opens the store, applying schema migrations first. */
    JobStore open(String jdbcUrl);

    static Optional<JobStoreProvider> forUrl(String jdbcUrl) {
        for (JobStoreProvider p : ServiceLoader.load(JobStoreProvider.class)) {
            if (p.supports(jdbcUrl)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
