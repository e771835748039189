package io.jobvault.bench.soak;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the soak reads about its store, on a connection of its own (not one of the engine's): rows per table and the
 * size on disk. SQLite: the database file, and the WAL and shared-memory files next to it. PostgreSQL: the schema's
 * tables with their indexes and TOAST ({@code pg_total_relation_size}), and the whole database
 * ({@code pg_database_size}, shared with whatever else uses it, so shown but not judged).
 */
final class StoreProbe implements AutoCloseable {
    private static final double MIB = 1 << 20;

    private final Connection connection;
    private final Path sqliteFile;
    private final List<String> tables = new ArrayList<>();
    private final boolean vacuums;

    private StoreProbe(Connection connection, Path sqliteFile) throws SQLException {
        this.connection = connection;
        this.sqliteFile = sqliteFile;
        String list = sqliteFile != null
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(list)) {
            while (rs.next()) tables.add(rs.getString(1));
        }
        this.vacuums = sqliteFile == null && !autovacuumOn();
    }

    /** Call after the engine has created its tables. */
    static StoreProbe sqlite(Path file) throws SQLException {
        return new StoreProbe(DriverManager.getConnection("jdbc:sqlite:" + file), file);
    }

    /** @param url the soak schema's URL (with {@code currentSchema}) */
    static StoreProbe postgres(String url) throws SQLException {
        return new StoreProbe(DriverManager.getConnection(url), null);
    }

    List<String> tables() {
        return tables;
    }

    /**
     * True when this PostgreSQL server runs with autovacuum off: the soak then vacuums its tables each sample, as
     * autovacuum would, or dead row versions would pile up and the soak would measure the server's setting.
     */
    boolean vacuums() {
        return vacuums;
    }

    Map<String, Long> rows() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement st = connection.createStatement()) {
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM \"" + t + "\"")) {
                    rs.next();
                    rows.put(t, rs.getLong(1));
                }
            }
        }
        return rows;
    }

    /** SQLite: the main database file; PostgreSQL: the schema's tables, indexes and TOAST. MiB. */
    double storeMib() throws SQLException {
        if (sqliteFile != null) return ProcessProbe.sizeOrZero(sqliteFile) / MIB;
        return single("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')") / MIB;
    }

    /** SQLite: the -wal and -shm files; PostgreSQL: the whole database (informational). MiB. */
    double walOrDatabaseMib() throws SQLException {
        if (sqliteFile != null) {
            return (ProcessProbe.sizeOrZero(Path.of(sqliteFile + "-wal")) + ProcessProbe.sizeOrZero(Path.of(sqliteFile + "-shm"))) / MIB;
        }
        return single("SELECT pg_database_size(current_database())") / MIB;
    }

    void vacuumIfNeeded() throws SQLException {
        if (!vacuums) return;
        try (Statement st = connection.createStatement()) {
            for (String t : tables) st.execute("VACUUM (ANALYZE) \"" + t + "\"");
        }
    }

    private boolean autovacuumOn() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SHOW autovacuum")) {
            rs.next();
            return rs.getString(1).equals("on");
        }
    }

    private long single(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
