package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The job endpoints over real HTTP: the paths that succeed. */
class JobsApiTest extends ServerTestBase {

    @Test
    void submitAnswers202WithLocationAndTheJob() {
        ApiClient.Response r = api.post("/v1/jobs", """
                {"type": "test.ok", "payload": {"customer": 42}, "queue": "default", "priority": 3,
                 "maxAttempts": 4, "timeout": "30s", "labels": {"team": "billing"}}""");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        String id = r.json().get("id").asText();
        assertThat(r.location()).isEqualTo("/v1/jobs/" + id);
        assertThat(r.json().get("payload").get("customer").asInt()).isEqualTo(42);
        assertThat(r.json().get("maxAttempts").asInt()).isEqualTo(4);
        assertThat(r.json().get("timeout").asText()).isEqualTo("PT30S");
        assertThat(r.json().get("submitStatus").asText()).isEqualTo("created");
        assertThat(api.get(r.location()).json().get("labels").get("team").asText()).isEqualTo("billing");
    }

    @Test
    void aConcurrencyKeyIsStoredAndShownWithItsLimit() {
        ApiClient.Response r = api.post("/v1/jobs", """
                {"type": "test.ok", "concurrencyKey": "customer:42", "concurrencyLimit": 1}""");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        JsonNode job = api.get(r.location() + "?wait=30s").json();
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("concurrencyKey").asText()).isEqualTo("customer:42");
        assertThat(job.get("concurrencyLimit").asInt()).isEqualTo(1);
    }

    @Test
    void waitHoldsTheRequestUntilTheJobFinishes() throws Exception {
        String id = submit("{\"type\": \"test.gated\"}");
        assertThat(api.get("/v1/jobs/" + id).json().get("state").asText()).as("without wait: at once, unfinished")
                .isIn("available", "running");
        CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(() -> api.get("/v1/jobs/" + id + "?wait=30s"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !waiting.isDone());
        gate.countDown();
        ApiClient.Response r = waiting.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("state").asText()).isEqualTo("succeeded");
        assertThat(r.json().get("result").get("released").asBoolean()).isTrue();
    }

    @Test
    void waitEndsAtItsDeadlineWithTheCurrentState() {
        String id = submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
        long start = System.nanoTime();
        ApiClient.Response r = api.get("/v1/jobs/" + id + "?wait=300ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered after the wait").isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(r.json().get("state").asText()).isEqualTo("scheduled");
    }

    @Test
    void attemptsListEveryRun() {
        String id = submit("{\"type\": \"demo.fail\", \"payload\": {\"failTimes\": 1}, \"maxAttempts\": 1}");
        assertThat(api.get("/v1/jobs/" + id + "?wait=30s").json().get("state").asText()).isEqualTo("dead");
        JsonNode attempts = api.get("/v1/jobs/" + id + "/attempts").json().get("items");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("failed");
        assertThat(attempts.get(0).get("error").asText()).isEqualTo("demo failure 1 of 1");
        assertThat(attempts.get(0).get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    }

    @Test
    void retryRunsADeadJobAgainAndCancelStopsAWaitingOne() {
        String dead = submit("{\"type\": \"demo.fail\", \"payload\": {\"failTimes\": 1}, \"maxAttempts\": 1}");
        assertThat(api.get("/v1/jobs/" + dead + "?wait=30s").json().get("state").asText()).isEqualTo("dead");
        assertThat(api.post("/v1/jobs/" + dead + "/retry", "").status()).isEqualTo(200);
        assertThat(api.get("/v1/jobs/" + dead + "?wait=30s").json().get("state").asText()).isEqualTo("succeeded");

        String later = submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
        ApiClient.Response cancelled = api.post("/v1/jobs/" + later + "/cancel", "");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void listPagesWithACursorAndFilters() {
        for (int i = 0; i < 5; i++) {
            submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
            clock.advance(Duration.ofMillis(1));
        }
        submit("{\"type\": \"demo.sleep\", \"delay\": \"1h\"}");
        JsonNode first = api.get("/v1/jobs?type=test.ok&limit=3").json();
        assertThat(first.get("items")).hasSize(3);
        JsonNode second = api.get("/v1/jobs?type=test.ok&limit=3&cursor=" + first.get("nextCursor").asText()).json();
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.has("nextCursor")).isFalse();
        assertThat(api.get("/v1/jobs?state=scheduled&limit=100").json().get("items")).hasSize(6);
        assertThat(api.get("/v1/jobs?state=running").json().get("items")).isEmpty();
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheSameJob() {
        String body = "{\"type\": \"test.ok\", \"payload\": {\"order\": 7}, \"delay\": \"1h\"}";
        ApiClient.Response first = api.post("/v1/jobs", body, "Idempotency-Key", "order-7");
        ApiClient.Response again = api.post("/v1/jobs", "{\"payload\": {\"order\": 7}, \"type\": \"test.ok\", \"delay\": \"1h\"}",
                "Idempotency-Key", "order-7");
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(again.json().get("submitStatus").asText()).isEqualTo("duplicate");
    }

    @Test
    void healthAnswers() {
        assertThat(api.get("/health/live").json().get("status").asText()).isEqualTo("up");
        ApiClient.Response ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("store").get("latencyMs").asDouble()).isGreaterThanOrEqualTo(0);
    }

    private String submit(String body) {
        ApiClient.Response r = api.post("/v1/jobs", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.json().get("id").asText();
    }
}
