package io.jobvault.store.sqlite;

import io.jobvault.store.StoreException;
import io.jobvault.store.jdbc.SqlDatabase.Work;
import io.jobvault.store.jdbc.WriteHealth;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The one connection that writes a SQLite file, and its transactions ({@code BEGIN IMMEDIATE … COMMIT}). Not thread
 * safe: the caller holds the write lock.
 *
 * <p>A failed transaction leaves the writer usable for the next: it is rolled back and its cached statements are
 * dropped — the driver finalizes a statement that failed with {@code SQLITE_FULL} or an I/O error, so a cached one
 * would answer "statement is not executing" for ever, and a failed {@code COMMIT} can leave the transaction open
 * ("cannot start a transaction within a transaction"). When even the rollback fails, the connection is replaced.
 */
final class SqliteWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);

    private final String url;
    private final SQLiteConfig config;
    private final WriteHealth health;
    /** Drops the statements cached on a connection (they may be finalized, or the connection is going). */
    private final Consumer<Connection> forgetStatements;
    private SQLiteConnection connection;
    private PreparedStatement begin;
    private PreparedStatement commit;
    private PreparedStatement savepoint;
    private PreparedStatement release;
    private PreparedStatement rollbackToSavepoint;

    SqliteWriter(String url, SQLiteConfig config, WriteHealth health, Consumer<Connection> forgetStatements) throws SQLException {
        this.url = url;
        this.config = config;
        this.health = health;
        this.forgetStatements = forgetStatements;
        open();
    }

    /**
     * Runs {@code work} in one write transaction: committed when it returns, rolled back when anything fails.
     * Auto-commit with an explicit BEGIN IMMEDIATE: the driver's own transaction mode would re-open a transaction right
     * after each commit and so hold the write lock between writes, locking out every other process on the file.
     */
    <T> T run(String what, Work<T> work) {
        try {
            if (connection == null) open(); // a replacement failed before (the file was unreachable): try again
            long changesBefore = connection.getDatabase().total_changes();
            begin.execute();
            T result = work.run(connection);
            commit.execute();
            if (connection.getDatabase().total_changes() != changesBefore) health.committed();
            return result;
        } catch (SQLException e) {
            health.failed(e);
            recover(e, true);
            throw StoreException.of(what, e);
        } catch (RuntimeException e) {
            recover(e, false);
            throw e;
        }
    }

    /**
     * Runs several writers' works in one transaction with one commit (one fsync), each inside a savepoint of its own,
     * so one work's failure undoes only that work: its {@link GroupedWrite} gets the exception, the others still
     * commit. Every work's caller is told only after the commit (or of its failure): accepted still means fsynced.
     * When a failure leaves no transaction to go on with, or the commit fails, every work not yet told fails with it.
     */
    void runGroup(java.util.List<GroupedWrite<?>> group) {
        if (group.size() == 1) {
            group.get(0).runAlone(this);
            return;
        }
        try {
            if (connection == null) open();
            long changesBefore = connection.getDatabase().total_changes();
            begin.execute();
            for (GroupedWrite<?> w : group) {
                savepoint.execute();
                try {
                    w.runIn(connection);
                    release.execute();
                } catch (SQLException | RuntimeException e) {
                    if (e instanceof SQLException sql) health.failed(sql);
                    undoOne(e instanceof SQLException); // throws when the transaction is gone: all fail below
                    w.failed(e instanceof SQLException sql ? StoreException.of(w.what(), sql) : (RuntimeException) e);
                }
            }
            commit.execute();
            if (connection.getDatabase().total_changes() != changesBefore) health.committed();
            for (GroupedWrite<?> w : group) w.committed();
        } catch (SQLException e) {
            health.failed(e);
            recover(e, true);
            for (GroupedWrite<?> w : group) w.failed(StoreException.of(w.what(), e));
        } catch (RuntimeException e) {
            recover(e, false);
            for (GroupedWrite<?> w : group) w.failed(e);
        }
    }

    /** Undoes the work since the last savepoint; after a failed statement, drops the statements it may have broken. */
    private void undoOne(boolean statementFailed) throws SQLException {
        rollbackToSavepoint.execute();
        release.execute();
        if (!statementFailed) return;
        forgetStatements.accept(connection);
        prepareTransactionStatements();
    }

    /**
     * Ends whatever transaction the failure left open; replaces the connection when that fails too. The cached
     * statements are dropped only after a failed statement (the driver may have finalized it), not after the work's
     * own exception, which leaves them sound.
     */
    private void recover(Exception failure, boolean statementFailed) {
        if (connection == null) return;
        try (Statement st = connection.createStatement()) {
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no transaction is active")) { // SQLite rolled back itself
                failure.addSuppressed(e);
                replace(failure);
                return;
            }
        }
        if (!statementFailed) return;
        forgetStatements.accept(connection);
        try {
            prepareTransactionStatements();
        } catch (SQLException e) {
            failure.addSuppressed(e);
            replace(failure);
        }
    }

    private void replace(Exception failure) {
        log.warn("the SQLite writer connection could not be rolled back after a failed write; opening a new one: {}",
                failure.toString());
        closeQuietly();
        try {
            open();
        } catch (SQLException e) {
            failure.addSuppressed(e); // the next write tries again
        }
    }

    private void open() throws SQLException {
        connection = (SQLiteConnection) config.createConnection(url);
        try {
            prepareTransactionStatements();
        } catch (SQLException e) {
            closeQuietly();
            throw e;
        }
    }

    private void prepareTransactionStatements() throws SQLException {
        for (Statement st : new Statement[] {begin, commit, savepoint, release, rollbackToSavepoint}) closeQuietly(st);
        begin = connection.prepareStatement("BEGIN IMMEDIATE");
        commit = connection.prepareStatement("COMMIT");
        savepoint = connection.prepareStatement("SAVEPOINT grouped_write");
        release = connection.prepareStatement("RELEASE grouped_write");
        rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO grouped_write");
    }

    private static void closeQuietly(Statement st) {
        if (st == null) return;
        try {
            st.close();
        } catch (SQLException e) {
            log.debug("closing a failed statement failed: {}", e.toString());
        }
    }

    private void closeQuietly() {
        if (connection == null) return;
        forgetStatements.accept(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the old SQLite writer connection failed: {}", e.toString());
        }
        connection = null;
        begin = null;
        commit = null;
        savepoint = null;
        release = null;
        rollbackToSavepoint = null;
    }

    @Override
    public void close() {
        if (connection == null) return;
        forgetStatements.accept(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close SQLite database: " + e.getMessage(), e);
        } finally {
            connection = null;
        }
    }
}
