package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The race where a remote worker dies while its claim runs — after the long poll's last look at the connection, before
 * the answer is written. The claim is held inside the database, on the claim lock of a rate-limited type that this
 * test takes first, while the worker (curl, another OS process) is killed with SIGKILL. When the lock is let go the
 * claim completes; its answer cannot reach anyone, so the job must be available again at once with no attempt used.
 */
class WorkerGonePostgresTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "worker-gone-token";
    private static final String TYPE = "gone.limited";
    /** PostgresDatabase's advisory lock space for claims, and its lock of a rate-limited type. */
    private static final int CLAIM_LOCK_SPACE = 0x4A56434C;
    private static final int TYPE_LOCK = ("rate\u0000" + TYPE).hashCode();

    String schema;
    JobvaultServer server;

    @BeforeEach
    void start() {
        schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, BASE + "&currentSchema=" + schema, TOKEN),
                b -> b.nodeId(schema + "-gone").queue("default", 1).rateLimit(TYPE, 1000, Duration.ofHours(1)));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void aWorkerKilledWhileItsClaimRunsHandsTheJobBack() throws Exception {
        ApiClient api = new ApiClient(server.port(), TOKEN);
        String secret = server.tokens().create("w", null, Set.of(Scope.WORK, Scope.READ)).secret();
        try (Connection lock = DriverManager.getConnection(BASE);
             CurlClaim doomed = CurlClaim.start(server.port(), secret, "{\"queues\": [\"remote\"], \"wait\": \"60s\", \"worker\": \"doomed\", \"types\": [\"" + TYPE + "\"]}")) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                ps.setInt(1, CLAIM_LOCK_SPACE);
                ps.setInt(2, TYPE_LOCK);
                ps.executeQuery().close();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> CurlClaim.claimsWaiting(api) == 1);
            String id = api.post("/v1/jobs", "{\"type\": \"" + TYPE + "\", \"queue\": \"remote\"}").json().get("id").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> claimWaitsForTheLock(lock));
            doomed.kill();
            lock.rollback(); // the claim goes on, for a worker that is gone

            JsonNode claimed = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> api.as(secret).post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"worker\": \"other\"}")
                            .json().get("jobs"), jobs -> !jobs.isEmpty()).get(0);
            assertThat(claimed.get("id").asText()).isEqualTo(id);
            assertThat(claimed.get("attempt").asInt()).as("the dead worker's claim used no attempt").isEqualTo(1);
            assertThat(api.get("/v1/jobs/" + id + "/attempts").json().get("items")).hasSize(1);
        }
        assertThat(api.get("/metrics").raw()).contains("jobvault_worker_claims_handed_back_total 1.0");
    }

    /** Whether a session waits for this test's claim lock (the long poll's claim, blocked inside PostgreSQL). */
    private static boolean claimWaitsForTheLock(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND classid::text::bigint = ? AND objid::text::bigint = ?")) {
            ps.setLong(1, Integer.toUnsignedLong(CLAIM_LOCK_SPACE));
            ps.setLong(2, Integer.toUnsignedLong(TYPE_LOCK));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }
}
