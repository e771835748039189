package io.jobvault.store.sqlite;

import io.jobvault.store.jdbc.RetiredConnections;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** The readers' pool retires connections; their cached statements must not keep them alive. */
class SqliteStatementCacheTest {
    @Test
    void retiredReaderConnectionsAndTheirStatementsAreLetGo(@TempDir Path dir) {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("jobvault.db"))) {
            RetiredConnections.assertLetGo(db, db.readers(), db.statements(), SQLiteConnection.class);
        }
    }
}
