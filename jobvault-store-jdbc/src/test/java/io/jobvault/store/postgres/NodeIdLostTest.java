package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.testkit.Latches;
import io.jobvault.testkit.SettableClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node whose node-id lock is lost — its session terminated and another process took the id — claims nothing and says
 * so (health, the {@code node.id-lost} alert) until it holds the id again; then it claims again.
 */
class NodeIdLostTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HOLDER = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            + " AND classid = 1247169620 AND objid = hashtext('%s')::oid AND objsubid = 2";

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Test
    void aNodeWhoseIdWasTakenStopsClaimingAndSaysSoUntilItHoldsTheIdAgain() throws Exception {
        String node = "lost-" + Long.toHexString(System.nanoTime());
        SettableClock clock = SettableClock.atFixedStart();
        AtomicBoolean idGivenBack = new AtomicBoolean();
        AtomicBoolean ranWhileLost = new AtomicBoolean();
        CountDownLatch ran = new CountDownLatch(1);
        try (Jobvault jv = Jobvault.builder().database(schema.url()).clock(clock).nodeId(node)
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).shutdownGrace(Duration.ofSeconds(2))
                .queue("default", 1).handler("work", ctx -> {
                    if (!idGivenBack.get()) ranWhileLost.set(true);
                    ran.countDown();
                    return JobOutcome.success();
                }).build();
             Connection thief = DriverManager.getConnection(PostgresTestSchemas.BASE)) {
            assertThat(jv.nodeIdLost()).isEmpty();

            assertThat(admin("SELECT count(pg_terminate_backend(pid)) FROM (" + HOLDER.formatted(node) + ") h")).isEqualTo(1);
            // the terminated session lets the lock go as it exits, a moment after pg_terminate_backend returns
            await().atMost(WAIT).until(() -> query(thief, "SELECT pg_try_advisory_lock(1247169620, hashtext('" + node + "'))"));
            clock.advance(Duration.ofSeconds(5)); // the next node heartbeat finds the id taken
            await().atMost(WAIT).until(() -> jv.nodeIdLost().isPresent());
            assertThat(jv.nodeIdLost().get().cause()).contains("in use");
            clock.advance(Duration.ofSeconds(60)); // node alerts are evaluated
            await().atMost(WAIT).until(() -> openAlert(jv, node).isPresent());
            assertThat(openAlert(jv, node).get().context()).containsEntry("node", node);

            UUID id = jv.submit(JobRequest.of("work", "{}")).id(); // wakes the fetcher at once: it must not claim
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> jv.get(id).state() == JobState.AVAILABLE);
            clock.advance(Duration.ofSeconds(5)); // still taken: still lost
            await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> jv.nodeIdLost().isPresent());

            idGivenBack.set(true);
            assertThat(query(thief, "SELECT pg_advisory_unlock(1247169620, hashtext('" + node + "'))")).isTrue();
            clock.advance(Duration.ofSeconds(5));
            await().atMost(WAIT).until(() -> jv.nodeIdLost().isEmpty());
            Latches.awaitIgnoringInterrupts(ran);
            await().atMost(WAIT).until(() -> jv.get(id).state() == JobState.SUCCEEDED);
            assertThat(ranWhileLost).isFalse();
            assertThat(admin("SELECT count(*) FROM (" + HOLDER.formatted(node) + ") h")).isEqualTo(1);
            clock.advance(Duration.ofSeconds(60));
            await().atMost(WAIT).until(() -> openAlert(jv, node).isEmpty());
        }
    }

    private static Optional<Alert> openAlert(Jobvault jv, String node) {
        return jv.alerts(java.time.Instant.EPOCH, 100).stream()
                .filter(a -> a.key().equals("node.id-lost:" + node) && a.open()).findFirst();
    }

    private static boolean query(Connection c, String sql) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresTestSchemas.BASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
