package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code /v1/queues}: figures per queue, and pause/resume (admin) that holds a queue's jobs and shows in health. */
class QueuesApiTest extends ServerTestBase {

    private static JsonNode queue(JsonNode list, String name) {
        for (JsonNode q : list.get("items")) if (q.get("name").asText().equals(name)) return q;
        throw new AssertionError("no queue " + name + " in " + list);
    }

    @Test
    void aPausedQueuesJobsWaitShowInQueuesAndHealthAndRunOnResume() {
        ApiClient.Response paused = api.post("/v1/queues/default/pause", "");
        assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
        assertThat(paused.json().get("paused").asBoolean()).isTrue();
        String id = api.post("/v1/jobs", "{\"type\":\"test.ok\"}").json().get("id").asText();

        JsonNode q = queue(api.get("/v1/queues").json(), "default");
        assertThat(q.get("paused").asBoolean()).isTrue();
        assertThat(q.get("depth").asLong()).isEqualTo(1);
        assertThat(q.get("running").asLong()).isZero();
        clock.advance(Duration.ofSeconds(7));
        assertThat(queue(api.get("/v1/queues").json(), "default").get("latencySeconds").asDouble()).isEqualTo(7.0);
        JsonNode health = api.get("/v1/health").json();
        assertThat(health.get("pausedQueues").has("default")).isTrue();
        assertThat(health.get("queues").get("default").get("paused").asBoolean()).isTrue();
        assertThat(api.get("/v1/jobs/" + id).json().get("state").asText()).isEqualTo("available");

        ApiClient.Response resumed = api.post("/v1/queues/default/resume", "");
        assertThat(resumed.json().get("paused").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/jobs/" + id).json().get("state").asText().equals("succeeded"));
        assertThat(api.get("/v1/health").json().get("pausedQueues").isEmpty()).isTrue();
        JsonNode audit = api.get("/v1/audit").json().get("items");
        assertThat(audit.findValuesAsText("action")).contains("queue.pause", "queue.resume");
    }

    @Test
    void pausingNeedsAnUntenantedAdminAndABadNameIsRefused() {
        ApiClient submitter = api.as(server.tokens().create("s", null, Set.of(Scope.SUBMIT, Scope.READ)).secret());
        ApiClient tenantAdmin = api.as(server.tokens().create("t", "a", Set.of(Scope.ADMIN)).secret());
        assertProblem(submitter.post("/v1/queues/default/pause", ""), 403);
        assertProblem(tenantAdmin.post("/v1/queues/default/pause", ""), 403);
        assertProblem(tenantAdmin.get("/v1/queues"), 403);
        assertProblem(api.post("/v1/queues/Not%20A%20Queue/pause", ""), 400);
        assertThat(submitter.get("/v1/queues").status()).isEqualTo(200);
        assertThat(api.get("/v1/health").json().get("pausedQueues").isEmpty()).as("nothing was paused").isTrue();
    }
}
