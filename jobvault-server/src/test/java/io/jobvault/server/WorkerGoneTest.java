package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A remote worker killed (SIGKILL) while its claim long-polls gets nothing: the job submitted after it died is
 * claimable by another worker at once, with no attempt used. The server's clock never moves here, so no lease can
 * expire: only a claim that never happened (or was handed back) leaves the job to the second worker.
 */
class WorkerGoneTest extends ServerTestBase {

    @Test
    void aWorkerKilledMidPollIsHandedNothing() throws Exception {
        String secret = server.tokens().create("w", null, Set.of(Scope.WORK, Scope.READ, Scope.SUBMIT)).secret();
        try (CurlClaim doomed = CurlClaim.start(server.port(), secret,
                "{\"queues\": [\"remote\"], \"wait\": \"60s\", \"worker\": \"doomed\"}")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> CurlClaim.claimsWaiting(api) == 1);
            doomed.kill();
        }
        String id = api.post("/v1/jobs", "{\"type\": \"remote.work\", \"queue\": \"remote\"}").json().get("id").asText();

        ApiClient other = api.as(secret);
        JsonNode claimed = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> other.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"worker\": \"other\"}").json().get("jobs"),
                        jobs -> !jobs.isEmpty()).get(0);
        assertThat(claimed.get("id").asText()).isEqualTo(id);
        assertThat(claimed.get("attempt").asInt()).as("the dead worker used no attempt").isEqualTo(1);
        assertThat(api.get("/v1/jobs/" + id + "/attempts").json().get("items")).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> CurlClaim.claimsWaiting(api) == 0);
    }
}
