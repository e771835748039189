package io.jobvault.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

/**
 * Retires a pool's connections many times, as its max lifetime does over weeks (HikariCP's shortest lifetime is 30 s,
 * so the test soft-evicts instead), using a cached statement on each new connection, and checks that the statement
 * cache lets every retired connection go.
 */
public final class RetiredConnections {
    private static final int RETIREMENTS = 40;

    private RetiredConnections() {}

    public static void assertLetGo(SqlDatabase db, HikariDataSource pool, StatementCache cache,
            Class<? extends Connection> physical) {
        WeakReference<Connection> firstRetired = new WeakReference<>(useCachedStatement(db, physical));
        for (int i = 0; i < RETIREMENTS; i++) {
            pool.getHikariPoolMXBean().softEvictConnections();
            useCachedStatement(db, physical);
        }
        // the live ones, and at most one retired since the last new one (the pool closes retired ones asynchronously)
        assertThat(cache.connections()).isLessThanOrEqualTo(pool.getMaximumPoolSize() + 1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return firstRetired.get() == null;
        });
    }

    /** Runs a cached statement on a pooled connection; returns the physical connection it ran on. */
    private static Connection useCachedStatement(SqlDatabase db, Class<? extends Connection> physical) {
        return db.read("statement cache test", c -> {
            try (ResultSet rs = db.statement(c, "SELECT 1").executeQuery()) {
                assertThat(rs.next()).isTrue();
            }
            return c.unwrap(physical);
        });
    }
}
