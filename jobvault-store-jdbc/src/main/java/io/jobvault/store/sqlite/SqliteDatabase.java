package io.jobvault.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobvault.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections of one SQLite file: a single writer (SQLite has one writer at a time anyway; one connection with
 * a lock queues writers in-process instead of spinning on SQLITE_BUSY) and a small pool of readers, which WAL lets
 * read while the writer writes. Every commit is durable: WAL with {@code synchronous=FULL} fsyncs the log.
 */
final class SqliteDatabase implements io.jobvault.store.jdbc.SqlDatabase {
    static final io.jobvault.store.jdbc.SqlQueries SQL = io.jobvault.store.jdbc.SqlQueries.load("/io/jobvault/store/sqlite/jobs.sql",
            io.jobvault.store.jdbc.SqlQueries.SHARED);

    private final Connection writer;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final HikariDataSource readers;
    /** Prepared statements per underlying connection: preparing SQL costs more than running these queries. */
    private final Map<Connection, Map<String, PreparedStatement>> readStatements =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    SqliteDatabase(Path file) {
        String url = "jdbc:sqlite:" + file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        // The writer touches the hot end of every index on each transaction; with millions of retained rows those
        // paths outgrow SQLite's default 2 MiB cache. A fixed 64 MiB keeps them cached (memory stays bounded).
        config.setCacheSize(-64 * 1024);
        try {
            // Auto-commit, with explicit BEGIN IMMEDIATE per unit of work: the driver's own transaction mode would
            // re-open a transaction right after each commit and so hold the write lock between writes, locking out
            // every other process on the file.
            this.writer = config.createConnection(url);
            this.begin = writer.prepareStatement("BEGIN IMMEDIATE");
            this.commit = writer.prepareStatement("COMMIT");
            this.rollback = writer.prepareStatement("ROLLBACK");
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig readConfig = new SQLiteConfig();
        readConfig.setBusyTimeout(10_000);
        SQLiteDataSource ds = new SQLiteDataSource(readConfig);
        ds.setUrl(url);
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(ds);
        hc.setPoolName("jobvault-sqlite-read");
        hc.setMaximumPoolSize(4);
        hc.setMinimumIdle(1);
        this.readers = new HikariDataSource(hc);
    }

    /** Runs {@code work} in one write transaction (BEGIN IMMEDIATE … COMMIT), rolling back on any failure. */
    @Override
    public <T> T write(String what, Work<T> work) {
        writeLock.lock();
        try {
            begin.execute();
        } catch (SQLException e) {
            writeLock.unlock();
            throw StoreException.of(what, e);
        }
        try {
            T result = work.run(writer);
            commit.execute();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                rollback.execute();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof RuntimeException re) throw re;
            throw StoreException.of(what, (SQLException) e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a reader connection (a consistent snapshot per statement). */
    @Override
    public <T> T read(String what, Work<T> work) {
        try (Connection c = readers.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreException.of(what, e);
        }
    }

    /**
     * A prepared statement on the connection {@code c} (pooled or not), prepared once per underlying connection.
     * Callers bind every parameter and close only the result set, never the statement.
     */
    @Override
    public PreparedStatement statement(Connection c, String sql) throws SQLException {
        Connection raw = c.isWrapperFor(org.sqlite.SQLiteConnection.class) ? c.unwrap(org.sqlite.SQLiteConnection.class) : c;
        Map<String, PreparedStatement> cache = readStatements.computeIfAbsent(raw, k -> new java.util.concurrent.ConcurrentHashMap<>());
        PreparedStatement ps = cache.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = raw.prepareStatement(sql);
            cache.put(sql, ps);
        }
        return ps;
    }

    @Override
    public PreparedStatement prepare(Connection c, String sql) throws SQLException {
        return c.prepareStatement(sql);
    }

    @Override
    public io.jobvault.store.jdbc.SqlQueries sql() {
        return SQL;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            begin.close();
            commit.close();
            rollback.close();
            writer.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close SQLite database: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
            readers.close();
        }
    }
}
