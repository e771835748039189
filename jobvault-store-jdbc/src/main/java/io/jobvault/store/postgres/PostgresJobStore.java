package io.jobvault.store.postgres;

import io.jobvault.JobvaultException;
import io.jobvault.artifact.ArtifactStorage;
import io.jobvault.store.JdbcUrls;
import io.jobvault.store.StoreCapabilities;
import io.jobvault.store.StoreException;
import io.jobvault.store.jdbc.JdbcJobStore;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.LoggerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The PostgreSQL store: the shared JDBC logic on a connection pool, claims with {@code FOR UPDATE SKIP LOCKED}, node
 * ids as advisory locks. The schema is the URL's {@code currentSchema} (default {@code public}); migrations run on
 * open, under Flyway's lock, so nodes starting together migrate once.
 */
public final class PostgresJobStore extends JdbcJobStore {
    /** Connections in the pool. */
    static final int POOL_SIZE = 10;

    private final PostgresDatabase db;
    private final PostgresArtifactStorage artifacts;

    private PostgresJobStore(PostgresDatabase db, boolean listen) {
        super(db, new PostgresNodeLocks(db.sessions()), new StoreCapabilities(false, listen));
        this.db = db;
        this.artifacts = new PostgresArtifactStorage(db);
    }

    /** The pool this store commits on, for tests of how its connections are set up. */
    PostgresDatabase database() {
        return db;
    }

    /** The server's clock: nodes on other machines share this store, and their own clocks may disagree. */
    @Override
    public Optional<Instant> databaseNow() {
        return Optional.of(db.read("read the database's clock", c -> {
            try (ResultSet rs = db.statement(c, db.sql().get("databaseNow")).executeQuery()) {
                rs.next();
                return Instant.ofEpochMilli(rs.getLong(1));
            }
        }));
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
        boolean listen = listenSetting();
        warnIfAutovacuumOff(() -> DriverManager.getConnection(jdbcUrl));
        return new PostgresJobStore(new PostgresDatabase(jdbcUrl, POOL_SIZE, schemaOf(jdbcUrl), listen), listen);
    }

    /**
     * Opens the store on the application's pool, so that a service has one pool: Jobvault's tables go in the current
     * schema of its connections (migrated there, with their own history table), the pool stays the application's
     * (closing the store leaves it open), and the store borrows a connection for as long as it runs for its node-id
     * lock and another for LISTEN (see {@link #open(String)}), besides short ones for each transaction.
     *
     * @throws JobvaultException when its connections have no current schema, or commit without waiting for the disk
     *                           ({@code synchronous_commit = off}): an accepted job must survive a crash
     */
    public static PostgresJobStore open(javax.sql.DataSource pool) {
        String schema;
        try (Connection c = pool.getConnection(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT current_schema(), current_setting('synchronous_commit')")) {
            rs.next();
            schema = rs.getString(1);
            if (schema == null) {
                throw new JobvaultException("the DataSource's connections have no current schema (their search_path"
                        + " names none that exists): create the schema Jobvault should use, or set one that exists");
            }
            if (rs.getString(2).equals("off")) {
                throw new JobvaultException("the DataSource's connections have synchronous_commit = off, so a commit"
                        + " may be lost in a crash after submit returned: set it on for Jobvault's role or database"
                        + " (ALTER ROLE … SET synchronous_commit = on), or in the pool's connection init SQL");
            }
        } catch (SQLException e) {
            throw StoreException.of("reach the DataSource's database", e);
        }
        // the application's schema holds its own tables: start Jobvault's history below its first migration
        migrate(Flyway.configure().dataSource(pool).baselineOnMigrate(true).baselineVersion("0"), schema);
        boolean listen = listenSetting();
        warnIfAutovacuumOff(pool::getConnection);
        return new PostgresJobStore(new PostgresDatabase(pool, schema, listen), listen);
    }

    private static boolean listenSetting() {
        String setting = System.getProperty("jobvault.postgres.listen", System.getenv().getOrDefault("JOBVAULT_PG_LISTEN", "true"));
        return !setting.equalsIgnoreCase("false");
    }

    /**
     * Whether the URL's schema holds Jobvault's tables (its schema history). Creates nothing.
     *
     * @throws StoreException when the database cannot be reached
     */
    static boolean exists(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); PreparedStatement st = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            st.setString(1, schemaOf(jdbcUrl));
            st.setString(2, SCHEMA_HISTORY_TABLE);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw StoreException.of("reach " + JdbcUrls.redact(jdbcUrl), e);
        }
    }

    static void migrate(String jdbcUrl) {
        migrate(Flyway.configure().dataSource(jdbcUrl, null, null), schemaOf(jdbcUrl));
    }

    private static void migrate(org.flywaydb.core.api.configuration.FluentConfiguration configuration, String schema) {
        Flyway flyway = configuration.schemas(schema)
                .locations("classpath:io/jobvault/store/postgres/migration").table(SCHEMA_HISTORY_TABLE)
                .loggers("slf4j").load();
        for (MigrationInfo applied : flyway.info().applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS || applied.getState() == MigrationState.FUTURE_FAILED) {
                throw new JobvaultException("the database schema " + schema + " has version " + applied.getVersion()
                        + ", newer than this Jobvault knows: upgrade Jobvault before starting it on this database");
            }
        }
        flyway.migrate();
    }

    /**
     * A job table is a queue: every job leaves dead row versions behind, and without vacuum the indexes claims read
     * fill with them and claims slow down by orders of magnitude. Say so loudly when the server has autovacuum off.
     */
    private static void warnIfAutovacuumOff(ConnectionSource connect) {
        try (var c = connect.get(); var st = c.createStatement();
             var rs = st.executeQuery("SHOW autovacuum")) {
            if (rs.next() && !rs.getString(1).equals("on")) {
                LoggerFactory.getLogger(PostgresJobStore.class).warn("autovacuum is off on this PostgreSQL server: the jobs"
                        + " table will fill with dead rows and claims will slow down; turn it on (autovacuum = on) or"
                        + " VACUUM the jobs table regularly");
            }
        } catch (java.sql.SQLException e) {
            LoggerFactory.getLogger(PostgresJobStore.class).debug("cannot read the autovacuum setting: {}", e.toString());
        }
    }

    private interface ConnectionSource {
        Connection get() throws SQLException;
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
