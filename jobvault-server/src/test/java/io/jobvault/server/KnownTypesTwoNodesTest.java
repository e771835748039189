package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.server.auth.Scope;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL: which types are known comes from the store, so node A accepts a type only node B
 * handles, and a type a worker declared through B, and stops accepting B's type once B has left.
 */
class KnownTypesTwoNodesTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "known-types-token";

    String schema;
    JobvaultServer a;
    JobvaultServer b;

    @BeforeEach
    void startBoth() {
        schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String url = BASE + "&currentSchema=" + schema; // node ids are locked database-wide: unique ones
        a = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), n -> n.nodeId(schema + "-a").queue("default", 1));
        b = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), n -> n.nodeId(schema + "-b")
                .queue("elsewhere", 1).handler("only.on.b", ctx -> JobOutcome.success()));
    }

    @AfterEach
    void stopBoth() throws Exception {
        a.close();
        if (b != null) b.close();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static ApiClient.Response submit(ApiClient to, String type) {
        return to.post("/v1/jobs", "{\"type\": \"" + type + "\", \"queue\": \"elsewhere\"}");
    }

    @Test
    void nodeAAcceptsWhatOnlyNodeBOrAWorkerOnBRuns() {
        ApiClient onA = new ApiClient(a.port(), TOKEN);
        ApiClient onB = new ApiClient(b.port(), TOKEN);
        ApiClient.Response r = submit(onA, "only.on.b");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        assertThat(submit(onA, "only.on.bb").status()).isEqualTo(422);

        String worker = b.tokens().create("w", null, Set.of(Scope.WORK)).secret();
        assertThat(submit(onA, "gpu.render").status()).isEqualTo(422);
        assertThat(onB.as(worker).post("/v1/workers/types", "{\"types\": [\"gpu.render\"]}").status()).isEqualTo(200);
        assertThat(submit(onA, "gpu.render").status()).as("declared through B a moment ago").isEqualTo(202);

        b.close(); // leaves the registry
        b = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> submit(onA, "only.on.b").status() == 422);
    }
}
