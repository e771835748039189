package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The job JSON's {@code attempt} is the attempt a handler's {@code ctx.attempt()} reports: runs that counted toward
 * {@code maxAttempts}. A snooze gives its attempt back; a failure uses one; the last allowed failure ends the job.
 */
class AttemptCountingTest extends ServerTestBase {
    private JsonNode claim() {
        return await().atMost(Duration.ofSeconds(10)).until(() -> {
            clock.advance(Duration.ofMinutes(10)); // past any snooze or backoff of this test
            return api.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"max\": 1}").json().get("jobs");
        }, jobs -> jobs.size() == 1).get(0);
    }

    private JsonNode fail(JsonNode claimed, String extra) {
        String lease = claimed.get("lease").get("token").asText();
        return api.post("/v1/jobs/" + claimed.get("id").asText() + "/fail",
                "{\"leaseToken\": \"" + lease + "\", \"error\": \"upstream\", \"retryAfter\": \"1m\"" + extra + "}").json();
    }

    @Test
    void aSnoozedRunKeepsItsAttemptNumberAndFailuresCountUpToMaxAttempts() {
        String id = api.post("/v1/jobs", "{\"type\": \"remote.work\", \"queue\": \"remote\", \"maxAttempts\": 2}")
                .json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + id).json().get("attempt").asInt()).as("not run yet").isZero();

        JsonNode first = claim();
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(first.get("maxAttempts").asInt()).isEqualTo(2);
        JsonNode snoozed = fail(first, ", \"snooze\": true");
        assertThat(snoozed.get("attempt").asInt()).as("a snooze gives its attempt back").isZero();
        assertThat(snoozed.get("maxAttempts").asInt()).isEqualTo(2);

        JsonNode second = claim();
        assertThat(second.get("attempt").asInt()).as("the run after a snooze is attempt 1 again").isEqualTo(1);
        assertThat(second.get("lease").get("fencingToken").asInt()).as("but a new fencing token")
                .isGreaterThan(first.get("lease").get("fencingToken").asInt());
        assertThat(fail(second, "").get("state").asText()).isEqualTo("retrying");

        JsonNode third = claim();
        assertThat(third.get("attempt").asInt()).isEqualTo(2);
        JsonNode dead = fail(third, "");
        assertThat(dead.get("state").asText()).as("attempt 2 of 2 failed").isEqualTo("dead");
        assertThat(dead.get("attempt").asInt()).isEqualTo(2);
        assertThat(dead.get("maxAttempts").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/jobs/" + id + "/attempts").json().get("items")).extracting(a -> a.get("outcome").asText())
                .containsExactly("snoozed", "failed", "failed");
    }
}
