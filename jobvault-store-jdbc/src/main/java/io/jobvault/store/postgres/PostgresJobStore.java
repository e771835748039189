package io.jobvault.store.postgres;

import io.jobvault.JobvaultException;
import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.store.StoreCapabilities;
import io.jobvault.store.jdbc.JdbcJobStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import java.util.Optional;

/**
 * The PostgreSQL store: the shared JDBC logic on a connection pool, claims with {@code FOR UPDATE SKIP LOCKED}, node
 * ids as advisory locks. The schema is the URL's {@code currentSchema} (default {@code public}); migrations run on
 * open, under Flyway's lock, so nodes starting together migrate once.
 */
public final class PostgresJobStore extends JdbcJobStore {
    private final PostgresArtifactStorage artifacts;

    private PostgresJobStore(PostgresDatabase db, String url, boolean listen) {
        super(db, new PostgresNodeLocks(url), new StoreCapabilities(false, listen));
        this.artifacts = new PostgresArtifactStorage(db);
    }

    /** Artifact content in the database, chunked: every node serves every artifact with nothing else shared. */
    @Override
    public Optional<ArtifactStorage> sharedArtifactStorage() {
        return Optional.of(artifacts);
    }

    /**
     * Opens the store, migrating its schema. LISTEN/NOTIFY wake-ups are on unless the environment variable
     * {@code JOBVAULT_PG_LISTEN} (or system property {@code jobvault.postgres.listen}) is {@code false}, as it must be
     * behind a connection pooler in transaction mode; nodes then rely on polling.
     */
    public static PostgresJobStore open(String jdbcUrl) {
        migrate(jdbcUrl);
        String setting = System.getProperty("jobvault.postgres.listen", System.getenv().getOrDefault("JOBVAULT_PG_LISTEN", "true"));
        boolean listen = !setting.equalsIgnoreCase("false");
        return new PostgresJobStore(new PostgresDatabase(jdbcUrl, 10, schemaOf(jdbcUrl), listen), jdbcUrl, listen);
    }

    static void migrate(String jdbcUrl) {
        String schema = schemaOf(jdbcUrl);
        Flyway flyway = Flyway.configure().dataSource(jdbcUrl, null, null).schemas(schema)
                .locations("classpath:io/jobvault/store/postgres/migration").table("jobvault_schema_history")
                .loggers("slf4j").load();
        for (MigrationInfo applied : flyway.info().applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
                throw new JobvaultException("the database schema " + schema + " has version " + applied.getVersion()
                        + ", newer than this Jobvault knows: upgrade Jobvault before starting it on this database");
            }
        }
        flyway.migrate();
    }

    /** The {@code currentSchema} parameter of the URL, or {@code public}. */
    static String schemaOf(String url) {
        int q = url.indexOf('?');
        if (q < 0) return "public";
        for (String kv : url.substring(q + 1).split("&")) {
            if (kv.startsWith("currentSchema=")) return kv.substring("currentSchema=".length());
        }
        return "public";
    }
}
