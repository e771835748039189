package io.jobvault.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobvault.store.StoreException;
import io.jobvault.store.jdbc.SqlDatabase;
import io.jobvault.store.jdbc.SqlQueries;
import io.jobvault.store.jdbc.StatementCache;
import io.jobvault.store.jdbc.WriteHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A pool of PostgreSQL connections (HikariCP); each write is one transaction on a pooled connection, committed
 * durably ({@code synchronous_commit} on whatever the server's default, see {@link #DURABLE_COMMITS}). Statements
 * are prepared once per connection.
 */
final class PostgresDatabase implements SqlDatabase {
    static final SqlQueries SQL = SqlQueries.load("/io/jobvault/store/postgres/jobs.sql", SqlQueries.SHARED);

    /**
     * Run on every new pooled connection: a server, database or role whose default is {@code synchronous_commit = off}
     * would acknowledge commits before they reach the disk. pgjdbc ignores {@code synchronous_commit} as a connection
     * property, so it is set in the session. Only {@code off} is raised: {@code local}, {@code remote_write} and
     * {@code remote_apply} (synchronous replication) already wait for the local flush, the last two for more.
     */
    static final String DURABLE_COMMITS = "SELECT set_config('synchronous_commit', 'on', false)"
            + " WHERE current_setting('synchronous_commit') = 'off'";

    private final javax.sql.DataSource pool;
    /** Whether this opened the pool (and closes it), or borrows the application's. */
    private final boolean ownsPool;
    private final WriteHealth writeHealth = new WriteHealth();
    private final PostgresSessions sessions;
    private final String channel;
    private final boolean listen;
    /** Prepared statements per underlying connection: preparing (and rewriting {@code ?N}) costs more than running. */
    private final StatementCache statements = new StatementCache(PostgresStatements::prepare);

    /** @param listen whether to LISTEN for wake-ups (off behind poolers in transaction mode) */
    PostgresDatabase(String jdbcUrl, int poolSize, String schema, boolean listen) {
        this(pool(jdbcUrl, poolSize), true, new PostgresSessions.FromUrl(jdbcUrl), schema, listen);
    }

    /**
     * On the application's pool, which stays the application's (not closed here). Its connections need not bind
     * strings untyped (see {@link PostgresStatements}); their commits must be durable, which the store checks on open.
     */
    PostgresDatabase(javax.sql.DataSource applicationPool, String schema, boolean listen) {
        this(applicationPool, false, new PostgresSessions.FromPool(applicationPool), schema, listen);
    }

    private PostgresDatabase(javax.sql.DataSource pool, boolean ownsPool, PostgresSessions sessions, String schema, boolean listen) {
        this.pool = pool;
        this.ownsPool = ownsPool;
        this.sessions = sessions;
        this.channel = "jobvault." + schema; // per schema: installations sharing a database do not wake each other
        this.listen = listen;
    }

    private static HikariDataSource pool(String jdbcUrl, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setPoolName("jobvault-postgres");
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(1);
        // While the database is away, fail fast (the API answers 503 with Retry-After) rather than hang for 30 s.
        hc.setConnectionTimeout(3_000);
        hc.setValidationTimeout(2_000);
        hc.addDataSourceProperty("connectTimeout", "3");
        hc.addDataSourceProperty("socketTimeout", "60");
        // untyped strings: PostgreSQL infers uuid, text or json from where a parameter is used
        hc.addDataSourceProperty("stringtype", "unspecified");
        hc.setConnectionInitSql(DURABLE_COMMITS);
        return new HikariDataSource(hc);
    }

    /** Where node-id locks and LISTEN get their sessions. */
    PostgresSessions sessions() {
        return sessions;
    }

    /**
     * Runs {@code work} in one transaction on a pooled connection. The connection goes back to the pool only with its
     * transaction ended: when the rollback after a failure fails too, it is evicted instead — turning auto-commit back
     * on would commit whatever the failed work had done, and the next borrower would find a transaction open.
     */
    @Override
    public <T> T write(String what, Work<T> work) {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            writeHealth.failed(e);
            throw StoreException.of(what, e);
        }
        boolean ended = false;
        try {
            c.setAutoCommit(false);
            T result = work.run(c);
            // only asked while writes are failing: a transaction that changed nothing commits even on a full disk
            boolean telling = writeHealth.current().isPresent() && wroteRows(c);
            c.commit();
            ended = true;
            if (telling) writeHealth.committed();
            return result;
        } catch (SQLException e) {
            writeHealth.failed(e);
            ended = rollback(c, e);
            throw StoreException.of(what, e);
        } catch (RuntimeException e) {
            ended = rollback(c, e);
            throw e;
        } finally {
            release(c, ended);
        }
    }

    /** Whether the open transaction wrote anything: PostgreSQL assigns a transaction id at the first write. */
    private static boolean wroteRows(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT txid_current_if_assigned() IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static boolean rollback(Connection c, Exception failure) {
        try {
            c.rollback();
            return true;
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /** Back to the pool in auto-commit; evicted when its transaction could not be ended or auto-commit restored. */
    private void release(Connection c, boolean ended) {
        if (ended) {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                ended = false;
            }
        }
        // a connection of another pool is closed only: were it broken, that pool finds out when it checks it
        if (!ended && pool instanceof HikariDataSource hikari) hikari.evictConnection(c);
        try {
            c.close();
        } catch (SQLException e) {
            // evicted, or broken: the pool has let it go either way
        }
    }

    @Override
    public WriteHealth writeHealth() {
        return writeHealth;
    }

    @Override
    public <T> T read(String what, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreException.of(what, e);
        }
    }

    @Override
    public PreparedStatement statement(Connection c, String sql) throws SQLException {
        Connection raw = c.isWrapperFor(org.postgresql.PGConnection.class)
                ? (Connection) c.unwrap(org.postgresql.PGConnection.class) : c;
        return statements.get(raw, sql);
    }

    /** The statement cache, for tests that count what it holds. */
    StatementCache statements() {
        return statements;
    }

    /** The pool, for tests that retire its connections. */
    HikariDataSource pool() {
        return (HikariDataSource) pool;
    }

    @Override
    public PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return PostgresStatements.prepare(c, sql);
    }

    @Override
    public void notifyAvailable(Connection c, java.util.Collection<String> queues) throws SQLException {
        if (queues.isEmpty()) return;
        // one statement per transaction; PostgreSQL delivers it on commit, once per distinct queue
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, 'available:' || q) FROM unnest(?) AS q")) {
            ps.setString(1, channel);
            ps.setArray(2, c.createArrayOf("text", queues.toArray()));
            ps.executeQuery().close();
        }
    }

    /** The first key of claim locks; node locks use another, so the two never meet. */
    static final int CLAIM_LOCK_SPACE = 0x4A56434C; // "JVCL"

    @Override
    public void lockForClaim(Connection c, int[] ids) throws SQLException {
        if (ids.length == 0) return;
        // unnest yields the ids in array order, so the locks are taken in the caller's (sorted) order
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_advisory_xact_lock(?, k)) FROM unnest(?) AS k")) {
            ps.setInt(1, CLAIM_LOCK_SPACE);
            ps.setArray(2, c.createArrayOf("integer", java.util.Arrays.stream(ids).boxed().toArray()));
            ps.executeQuery().close();
        }
    }

    @Override
    public void notifyCancel(Connection c, java.util.UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, "cancel:" + id);
            ps.executeQuery().close();
        }
    }

    @Override
    public AutoCloseable listen(io.jobvault.store.StoreEvents events) {
        return listen ? new PostgresListener(sessions, channel, events) : null;
    }

    @Override
    public SqlQueries sql() {
        return SQL;
    }

    @Override
    public void close() {
        if (ownsPool) ((HikariDataSource) pool).close();
    }
}
