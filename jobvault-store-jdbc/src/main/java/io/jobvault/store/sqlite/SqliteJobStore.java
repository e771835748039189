package io.jobvault.store.sqlite;

import io.jobvault.store.StoreCapabilities;
import io.jobvault.store.StoreException;
import io.jobvault.store.jdbc.JdbcJobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The embedded store: one SQLite file, durable on every commit (WAL, {@code synchronous=FULL}). SQL lives in
 * {@code sqlite/jobs.sql}; migrations in {@code sqlite/migration}; node ids are held by OS file locks.
 */
public final class SqliteJobStore extends JdbcJobStore {
    private final Path file;
    private final SqliteDatabase db;

    private SqliteJobStore(Path file, SqliteDatabase db) {
        // one process writes in practice, so an in-process signal wakes fetchers; polling covers other processes
        super(db, new SqliteNodeLocks(file), new StoreCapabilities(true, false));
        this.file = file;
        this.db = db;
    }

    /** The connections this store writes and reads on, for tests of how they are set up. */
    SqliteDatabase database() {
        return db;
    }

    /** Opens (creating if needed) the database file and brings its schema up to date. */
    public static SqliteJobStore open(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs.getParent());
        } catch (IOException e) {
            throw new StoreException("cannot create the directory of " + abs + ": " + e.getMessage(), e);
        }
        SqliteSchema.migrate("jdbc:sqlite:" + abs);
        return new SqliteJobStore(abs, new SqliteDatabase(abs));
    }

    /**
     * Whether {@code file} is a Jobvault store: it exists and holds Jobvault's schema history. Never creates the file.
     *
     * @throws StoreException when it exists but cannot be read as an SQLite database
     */
    public static boolean exists(Path file) {
        if (!Files.isRegularFile(file)) return false;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement st = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            st.setString(1, SCHEMA_HISTORY_TABLE);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw StoreException.of("read " + file + " as an SQLite database", e);
        }
    }

    public Path file() {
        return file;
    }

    /** The directory of the database file (absolute). */
    @Override
    public Optional<Path> directory() {
        return Optional.of(file.getParent());
    }
}
