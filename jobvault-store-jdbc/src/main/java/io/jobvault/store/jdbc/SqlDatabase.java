package io.jobvault.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The connections, transactions and named queries of one database, as the shared JDBC store needs them. */
public interface SqlDatabase extends AutoCloseable {
    /** One unit of work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one write transaction, committed before returning; rolled back on any failure. */
    <T> T write(String what, Work<T> work);

    /** Whether this process's writes work: every failed write transaction tells it, see {@link WriteHealth}. */
    WriteHealth writeHealth();

    /** Runs {@code work} on a connection for reading. */
    <T> T read(String what, Work<T> work);

    /**
     * A prepared statement of {@code sql} on {@code c}, prepared once per connection. Callers bind every parameter
     * and close only result sets, never the statement.
     */
    PreparedStatement statement(Connection c, String sql) throws SQLException;

    /** A one-off prepared statement of {@code sql} on a connection the store does not own; the caller closes it. */
    PreparedStatement prepare(Connection c, String sql) throws SQLException;

    /**
     * Tells other nodes, when the transaction on {@code c} commits, that jobs became available in {@code queues}: one
     * notification per queue and transaction, never one per job. A no-op where the database cannot notify.
     */
    default void notifyAvailable(Connection c, java.util.Collection<String> queues) throws SQLException {}

    /**
     * Takes, until the transaction on {@code c} ends, the claim locks {@code ids} (sorted ascending, so that
     * concurrent claims never deadlock): at most one transaction at a time may start jobs under one concurrency key
     * or rate limit. A no-op where one writer at a time is all the database allows (SQLite).
     */
    default void lockForClaim(Connection c, int[] ids) throws SQLException {}

    /** Tells the node running job {@code id}, when the transaction commits, that a cancel was requested. */
    default void notifyCancel(Connection c, java.util.UUID id) throws SQLException {}

    /** Passes other processes' notifications to {@code events} until closed; null where there are none. */
    default AutoCloseable listen(io.jobvault.store.StoreEvents events) {
        return null;
    }

    /** This dialect's named queries. */
    SqlQueries sql();

    @Override
    void close();
}
