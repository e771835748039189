package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.JobvaultException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node id is a session advisory lock. When the database ends that session (here: pg_terminate_backend, as an
 * administrator, a failover or a proxy might), the next heartbeat (its nodeKeep) locks the id again, so a second process still
 * cannot take it.
 */
class NodeLockSessionTest {
    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Test
    void aNodeIdWhoseSessionEndedIsLockedAgainAtTheNextHeartbeat() throws Exception {
        String node = "lock-test-" + Long.toHexString(System.nanoTime());
        try (PostgresJobStore first = PostgresJobStore.open(schema.url());
             PostgresJobStore second = PostgresJobStore.open(schema.url())) {
            first.nodeAcquire(node);
            assertThatThrownBy(() -> second.nodeAcquire(node)).isInstanceOf(JobvaultException.class).hasMessageContaining("in use");

            assertThat(terminateHolder(node)).isEqualTo(1); // the lock went with its session

            assertThat(first.nodeKeep(node)).isEmpty(); // before each node heartbeat
            assertThat(holders(node)).isEqualTo(1);
            assertThatThrownBy(() -> second.nodeAcquire(node)).isInstanceOf(JobvaultException.class).hasMessageContaining("in use");
        }
    }

    private static final String HOLDER = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND classid = 1247169620 AND objid = hashtext('%s')::oid AND objsubid = 2";

    private static int terminateHolder(String node) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM (" + HOLDER.formatted(node) + ") h")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int holders(String node) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM (" + HOLDER.formatted(node) + ") h")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
