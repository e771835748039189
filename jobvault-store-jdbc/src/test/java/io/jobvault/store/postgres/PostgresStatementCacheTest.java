package io.jobvault.store.postgres;

import io.jobvault.store.jdbc.RetiredConnections;
import org.junit.jupiter.api.Test;
import org.postgresql.jdbc.PgConnection;

/** The pool retires connections; their cached statements must not keep them (and their sessions' memory) alive. */
class PostgresStatementCacheTest {
    @Test
    void retiredConnectionsAndTheirStatementsAreLetGo() {
        try (PostgresDatabase db = new PostgresDatabase(PostgresTestSchemas.BASE, 4, "statement_cache_test", false)) {
            RetiredConnections.assertLetGo(db, db.pool(), db.statements(), PgConnection.class);
        }
    }
}
