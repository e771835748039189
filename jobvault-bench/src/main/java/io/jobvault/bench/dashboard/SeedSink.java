package io.jobvault.bench.dashboard;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where seeded rows go: straight into a store's tables on one connection, in big transactions, the fastest way the
 * database takes rows (multi-row INSERTs on SQLite, COPY on PostgreSQL). The store's own triggers fire as for any
 * insert, so its job counters, per-minute figures and label index come out exactly as the engine would leave them.
 */
interface SeedSink extends AutoCloseable {
    /** Buffers one job row ({@link SeedMix#JOB_COLUMNS}). */
    void job(Object[] row) throws SQLException;

    /** Buffers one attempt row ({@link SeedMix#ATTEMPT_COLUMNS}); its job was buffered before it. */
    void attempt(Object[] row) throws SQLException;

    /** Writes what is buffered, jobs before attempts (a trigger on attempts reads their job), and commits. */
    void commit() throws SQLException;

    /** The sink's connection, for the few small tables seeded with plain statements. */
    Connection connection();

    @Override
    void close() throws SQLException;

    /** The sink for a store's JDBC URL. */
    static SeedSink open(String url) throws SQLException {
        return url.startsWith("jdbc:postgresql:") ? new PostgresCopySink(url) : new SqliteInsertSink(url);
    }
}
