package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input answers 4xx problem+json, changes nothing, and the server keeps serving. */
class BadInputTest extends ServerTestBase {

    @AfterEach
    void serverStillServesAndNothingWasStored() {
        assertThat(api.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void malformedJsonIs400() {
        assertProblem(api.post("/v1/jobs", "{\"type\": "), 400);
        assertProblem(api.post("/v1/jobs", "[1, 2]"), 400);
        assertProblem(api.post("/v1/jobs", ""), 400);
        assertNothingStored();
    }

    @Test
    void unknownFieldsWrongTypesAndBadValuesAre422NamingEachField() {
        ApiClient.Response r = assertProblem(api.post("/v1/jobs", """
                {"type": 7, "queue": "Bad Queue", "priority": "high", "maxAttempts": 0, "delay": "soon",
                 "runAt": "tomorrow", "labels": {"a": 1}, "colour": "red"}"""), 422);
        assertThat(r.json().get("errors")).extracting(JsonNodeText::of).anyMatch(e -> e.startsWith("type:"))
                .anyMatch(e -> e.startsWith("queue:")).anyMatch(e -> e.startsWith("priority:"))
                .anyMatch(e -> e.startsWith("maxAttempts:")).anyMatch(e -> e.startsWith("delay:"))
                .anyMatch(e -> e.startsWith("runAt:")).anyMatch(e -> e.startsWith("labels.a:"))
                .anyMatch(e -> e.startsWith("colour: unknown field"));
        assertProblem(api.post("/v1/jobs", "{\"payload\": {}}"), 422);
        assertThat(assertProblem(api.post("/v1/jobs", "{\"type\": \"t\", \"concurrencyKey\": \"c\"}"), 422).json().get("errors"))
                .extracting(JsonNodeText::of).anyMatch(e -> e.startsWith("concurrencyLimit: required"));
        assertThat(assertProblem(api.post("/v1/jobs", "{\"type\": \"t\", \"concurrencyKey\": \"c\", \"concurrencyLimit\": 0}"), 422)
                .json().get("errors")).extracting(JsonNodeText::of).anyMatch(e -> e.startsWith("concurrencyLimit: must be within"));
        assertNothingStored();
    }

    @Test
    void anOversizedBodyIs413() {
        String big = "{\"type\": \"test.ok\", \"payload\": {\"blob\": \"" + "x".repeat(100 * 1024) + "\"}}";
        assertProblem(api.post("/v1/jobs", big), 413);
        assertNothingStored();
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIs409() {
        api.post("/v1/jobs", "{\"type\": \"test.ok\", \"payload\": {\"order\": 7}, \"delay\": \"1h\"}", "Idempotency-Key", "k");
        assertProblem(api.post("/v1/jobs", "{\"type\": \"test.ok\", \"payload\": {\"order\": 8}, \"delay\": \"1h\"}",
                "Idempotency-Key", "k"), 409);
        assertThat(api.get("/v1/jobs").json().get("items")).hasSize(1);
    }

    @Test
    void badIdsAndUnknownIdsAre404AndPrunedOnesAre410() {
        assertProblem(api.get("/v1/jobs/not-a-uuid"), 404);
        assertProblem(api.get("/v1/jobs/" + "x".repeat(1_000)), 404);
        assertProblem(api.get("/v1/jobs/" + "x".repeat(10_000)), 414); // refused by Jetty, still problem+json
        assertProblem(api.get("/v1/jobs/" + UUID.randomUUID()), 404);
        assertProblem(api.post("/v1/jobs/" + UUID.randomUUID() + "/cancel", ""), 404);
        assertProblem(api.get("/v1/jobs/" + UUID.randomUUID() + "/attempts"), 404);

        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + id + "?wait=30s").json().get("state").asText()).isEqualTo("succeeded");
        clock.advance(Duration.ofHours(2)); // past the one-hour retention: the pruner deletes it
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/jobs/" + id).status() == 410);
        ApiClient.Response gone = assertProblem(api.get("/v1/jobs/" + id), 410);
        assertThat(gone.json().get("detail").asText()).contains("expired");
    }

    @Test
    void badQueryParametersAre400() {
        assertProblem(api.get("/v1/jobs?limit=0"), 400);
        assertProblem(api.get("/v1/jobs?limit=lots"), 400);
        assertProblem(api.get("/v1/jobs?state=sleeping"), 400);
        assertProblem(api.get("/v1/jobs?cursor=garbage"), 400);
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\", \"delay\": \"1h\"}").json().get("id").asText();
        assertProblem(api.get("/v1/jobs/" + id + "?wait=forever"), 400);
        assertProblem(api.get("/v1/jobs/" + id + "?wait=2h"), 400);
    }

    @Test
    void retryingAJobThatIsNotDeadIs409() {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\", \"delay\": \"1h\"}").json().get("id").asText();
        assertProblem(api.post("/v1/jobs/" + id + "/retry", ""), 409);
    }

    @Test
    void unknownEndpointsAndMethodsAreProblems() {
        assertProblem(api.get("/v1/nothing"), 404);
        assertProblem(api.method("PATCH", "/v1/jobs"), 404);
    }

    private void assertNothingStored() {
        assertThat(api.get("/v1/jobs").json().get("items")).isEmpty();
    }

    /** AssertJ extractor: a JSON string node's text. */
    static final class JsonNodeText {
        static String of(Object node) {
            return ((com.fasterxml.jackson.databind.JsonNode) node).asText();
        }
    }
}
