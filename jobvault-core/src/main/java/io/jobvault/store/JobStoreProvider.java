package io.jobvault.store;

import io.jobvault.JobvaultException;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Opens a store for a JDBC URL. Stores register through {@link ServiceLoader}. */
public interface JobStoreProvider {
    boolean supports(String jdbcUrl);

    /** The URL form this provider opens, for messages: e.g. {@code jdbc:sqlite:FILE}. */
    String urlForm();

    /** The URL forms of every store on the class path, for a message that says what would have worked. */
    static List<String> supportedUrlForms() {
        return ServiceLoader.load(JobStoreProvider.class).stream().map(p -> p.get().urlForm()).toList();
    }

    /** Opens the store, creating it if there is none yet, and applies schema migrations first. */
    JobStore open(String jdbcUrl);

    /**
     * Opens the store on connections of the application's pool (migrating its schema there); closing the store leaves
     * the pool open. Stores that cannot share a pool throw {@link UnsupportedOperationException}.
     */
    default JobStore open(javax.sql.DataSource pool) {
        throw new UnsupportedOperationException("the " + urlForm() + " store cannot run on an application's DataSource;"
                + " give it a JDBC URL (JobvaultBuilder.database)");
    }

    /**
     * Opens the store on the application's pool, by the provider of its database (told by its connections' URL).
     *
     * @throws JobvaultException when no store on the class path supports that database
     */
    static JobStore openOn(javax.sql.DataSource pool) {
        String url;
        try (java.sql.Connection c = pool.getConnection()) {
            url = c.getMetaData().getURL();
        } catch (java.sql.SQLException e) {
            throw StoreException.of("reach the DataSource's database", e);
        }
        return require(url).open(pool);
    }

    /**
     * Opens the store only where one exists (its database holds Jobvault's tables), applying schema migrations first;
     * never creates one. For tools that act on the store a server uses, where a new empty one would be a silent mistake.
     *
     * @throws NoStoreException saying where it looked
     */
    JobStore openExisting(String jdbcUrl);

    /**
     * The provider of the store at {@code jdbcUrl}.
     *
     * @throws JobvaultException naming the URL (its password hidden) and the URL forms that would have worked
     */
    static JobStoreProvider require(String jdbcUrl) {
        return forUrl(jdbcUrl).orElseThrow(() -> {
            List<String> forms = supportedUrlForms();
            return new JobvaultException("no store supports " + JdbcUrls.redact(jdbcUrl) + (forms.isEmpty()
                    ? " (no store on the class path: add jobvault-store-jdbc)"
                    : " (supported: " + String.join(", ", forms) + ")"));
        });
    }

    static Optional<JobStoreProvider> forUrl(String jdbcUrl) {
        for (JobStoreProvider p : ServiceLoader.load(JobStoreProvider.class)) {
            if (p.supports(jdbcUrl)) return Optional.of(p);
        }
        return Optional.empty();
    }
}
