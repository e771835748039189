package io.jobvault.store.sqlite;

import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import io.jobvault.store.NoStoreException;
import java.nio.file.Path;

/** Opens {@code jdbc:sqlite:FILE} URLs. */
public final class SqliteStoreProvider implements JobStoreProvider {
    private static final String PREFIX = "jdbc:sqlite:";

    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith(PREFIX);
    }

    @Override
    public String urlForm() {
        return PREFIX + "FILE";
    }

    @Override
    public JobStore open(String jdbcUrl) {
        return SqliteJobStore.open(file(jdbcUrl));
    }

    /**
     * The file the application's SQLite DataSource names. SQLite has no pool worth sharing: the store opens its own
     * connections to the file (one writer with Jobvault's durability settings, readers in WAL mode).
     */
    @Override
    public JobStore open(javax.sql.DataSource dataSource) {
        try (java.sql.Connection c = dataSource.getConnection()) {
            return open(c.getMetaData().getURL());
        } catch (java.sql.SQLException e) {
            throw io.jobvault.store.StoreException.of("reach the DataSource's SQLite file", e);
        }
    }

    @Override
    public JobStore openExisting(String jdbcUrl) {
        Path file = file(jdbcUrl).toAbsolutePath().normalize();
        if (!SqliteJobStore.exists(file)) throw new NoStoreException(file.toString());
        return SqliteJobStore.open(file);
    }

    private static Path file(String jdbcUrl) {
        String path = jdbcUrl.substring(PREFIX.length());
        int q = path.indexOf('?');
        if (q >= 0) path = path.substring(0, q);
        if (path.isBlank() || path.contains(":memory:") || path.startsWith("file::memory")) {
            throw new IllegalArgumentException("SQLite store needs a file (jdbc:sqlite:PATH): an in-memory database"
                    + " would lose every job on exit, which is what Jobvault exists to prevent");
        }
        return Path.of(path);
    }
}
