package io.jobvault.store.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jobvault.store.StoreException;
import io.jobvault.store.jdbc.StatementCache;
import io.jobvault.store.jdbc.WriteHealth;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connections of one SQLite file: a single writer (SQLite has one writer at a time anyway; one connection with
 * a lock queues writers in-process instead of spinning on SQLITE_BUSY) and a small pool of readers, which WAL lets
 * read while the writer writes. Every commit is durable: WAL with {@code synchronous=FULL} fsyncs the log.
 */
final class SqliteDatabase implements io.jobvault.store.jdbc.SqlDatabase {
    /** At most this many waiting writes share one transaction, so no one write holds the writer for long. */
    private static final int MAX_GROUP = 32;
    static final io.jobvault.store.jdbc.SqlQueries SQL = io.jobvault.store.jdbc.SqlQueries.load("/io/jobvault/store/sqlite/jobs.sql",
            io.jobvault.store.jdbc.SqlQueries.SHARED);

    private final WriteHealth writeHealth = new WriteHealth();
    private final SqliteWriter writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Writes waiting for the writer; whoever holds it next runs them together (see {@link #write}). */
    private final Queue<GroupedWrite<?>> waiting = new ConcurrentLinkedQueue<>();
    private final HikariDataSource readers;
    /** Prepared statements per underlying connection: preparing SQL costs more than running these queries. */
    private final StatementCache statements = new StatementCache(Connection::prepareStatement);

    SqliteDatabase(Path file) {
        String url = "jdbc:sqlite:" + file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        // Each grouped write runs in a savepoint, and statements that fire triggers (the job counters) keep a statement
        // journal: both hold the pre-images of the pages they change, and past 64 KiB SQLite spills them to a temporary
        // file - a write() per page on the writer's path. In memory instead: measured 1.40x the drain and 1.64x the
        // batched submit (bench --compare, 2026-12-07). Bounded by one grouped write's pages; readers keep file temp.
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // The writer touches the hot end of every index on each transaction; with millions of retained rows those
        // paths outgrow SQLite's default 2 MiB cache. A fixed 64 MiB keeps them cached (memory stays bounded).
        config.setCacheSize(-64 * 1024);
        try {
            this.writer = new SqliteWriter(url, config, writeHealth, statements::forget);
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

    /**
     * Runs {@code work} in a write transaction on the single writer (see {@link SqliteWriter}), and returns once it has
     * committed. Writes that queue up while another is committing share the next transaction and its one fsync
     * (group commit): a claim, a batch of finished runs and a batch of submits waiting at once cost one commit, not
     * three. Each keeps its own outcome: one that fails is undone alone ({@link SqliteWriter#runGroup}).
     */
    @Override
    public <T> T write(String what, Work<T> work) {
        GroupedWrite<T> mine = new GroupedWrite<>(what, work);
        waiting.add(mine);
        writeLock.lock();
        try {
            while (!mine.done()) { // else a writer before us ran it in its group
                List<GroupedWrite<?>> group = new ArrayList<>();
                for (GroupedWrite<?> w; group.size() < MAX_GROUP && (w = waiting.poll()) != null; ) group.add(w);
                try {
                    writer.runGroup(group);
                } finally {
                    for (GroupedWrite<?> w : group) {
                        if (!w.done()) w.failed(new StoreException(w.what() + ": the write was interrupted by an error in its group", null));
                    }
                }
            }
        } finally {
            writeLock.unlock();
        }
        return mine.outcome();
    }

    /** How many writes wait for the writer now (for tests). */
    int waitingWrites() {
        return waiting.size();
    }

    @Override
    public WriteHealth writeHealth() {
        return writeHealth;
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
        return statements.get(raw, sql);
    }

    /** The statement cache, for tests that count what it holds. */
    StatementCache statements() {
        return statements;
    }

    /** The readers' pool, for tests that retire its connections. */
    HikariDataSource readers() {
        return readers;
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
            writer.close();
        } finally {
            writeLock.unlock();
            readers.close();
        }
    }
}
