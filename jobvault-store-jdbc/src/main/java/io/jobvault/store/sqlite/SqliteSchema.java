package io.jobvault.store.sqlite;

import io.jobvault.JobvaultException;
import io.jobvault.store.jdbc.JdbcJobStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/** Applies the migrations shipped in the jar; refuses a database migrated by a newer Jobvault. */
final class SqliteSchema {
    static final String LOCATION = "classpath:io/jobvault/store/sqlite/migration";

    private SqliteSchema() {}

    static void migrate(String jdbcUrl) {
        Flyway flyway = Flyway.configure()
                .dataSource(jdbcUrl, null, null)
                .locations(LOCATION)
                .table(JdbcJobStore.SCHEMA_HISTORY_TABLE)
                .loggers("slf4j")
                .load();
        for (MigrationInfo applied : flyway.info().applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
                throw new JobvaultException("the database " + jdbcUrl + " has schema version " + applied.getVersion()
                        + ", newer than this Jobvault knows (" + latestKnown(flyway) + "): upgrade Jobvault before"
                        + " starting it on this database");
            }
        }
        flyway.migrate();
    }

    private static String latestKnown(Flyway flyway) {
        MigrationInfo[] all = flyway.info().all();
        String latest = "none";
        for (MigrationInfo m : all) {
            if (m.getState() != MigrationState.FUTURE_SUCCESS && m.getState() != MigrationState.FUTURE_FAILED && m.getVersion() != null) {
                latest = m.getVersion().toString();
            }
        }
        return latest;
    }
}
