package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Remote workers over real HTTP: claim, heartbeat, upload, complete, fail; stale and foreign leases get 409. */
class WorkersApiTest extends ServerTestBase {
    /** The server's own engine works "default"; remote workers here take "remote", which nothing local runs. */
    private String submitRemote(ApiClient client, String extra) {
        return client.post("/v1/jobs", "{\"type\": \"remote.work\", \"queue\": \"remote\"" + extra + "}").json().get("id").asText();
    }

    private ApiClient worker(String tenant) {
        return api.as(server.tokens().create("w", tenant, Set.of(Scope.WORK, Scope.READ, Scope.SUBMIT)).secret());
    }

    private JsonNode claimOne(ApiClient w) {
        JsonNode jobs = w.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"max\": 1, \"worker\": \"w1\"}").json().get("jobs");
        assertThat(jobs).hasSize(1);
        return jobs.get(0);
    }

    private static String token(JsonNode claimed) {
        return claimed.get("lease").get("token").asText();
    }

    @Test
    void aSnoozeWaitsAndUsesNoAttemptAndNeedsARetryAfter() {
        ApiClient w = worker(null);
        String id = submitRemote(w, ", \"maxAttempts\": 1");
        String lease = token(claimOne(w));
        assertProblem(w.post("/v1/jobs/" + id + "/fail", "{\"leaseToken\": \"" + lease + "\", \"error\": \"429\", \"snooze\": true}"), 422);
        JsonNode job = w.post("/v1/jobs/" + id + "/fail",
                "{\"leaseToken\": \"" + lease + "\", \"error\": \"429\", \"snooze\": true, \"retryAfter\": \"2m\"}").json();
        assertThat(job.get("state").asText()).isEqualTo("scheduled");
        assertThat(job.get("attempt").asInt()).as("the attempt was given back").isZero();
        assertThat(job.get("maxAttempts").asInt()).isEqualTo(1);
        assertThat(api.get("/v1/jobs/" + id + "/attempts").json().get("items").get(0).get("outcome").asText()).isEqualTo("snoozed");
    }

    @Test
    void aCancelOrStackTraceOfTheWrongTypeIsRefusedAndChangesNothing() {
        ApiClient w = worker(null);
        String id = submitRemote(w, "");
        String lease = token(claimOne(w));
        assertProblem(w.post("/v1/jobs/" + id + "/fail", "{\"leaseToken\": \"" + lease + "\", \"error\": \"stop\", \"cancel\": \"yes\"}"), 422);
        assertProblem(w.post("/v1/jobs/" + id + "/fail", "{\"leaseToken\": \"" + lease + "\", \"error\": \"x\", \"stackTrace\": {\"a\": 1}}"), 422);
        assertThat(api.get("/v1/jobs/" + id).json().get("state").asText()).as("nothing changed").isEqualTo("running");
        JsonNode job = w.post("/v1/jobs/" + id + "/fail", "{\"leaseToken\": \"" + lease + "\", \"error\": \"stop\", \"cancel\": true}").json();
        assertThat(job.get("state").asText()).isEqualTo("cancelled");
    }

    @Test
    void aRateLimitDeclaredOnTheServerHoldsForRemoteWorkers() {
        ApiClient w = worker(null);
        for (int i = 0; i < 3; i++) w.post("/v1/jobs", "{\"type\": \"remote.limited\", \"queue\": \"remote\"}");
        JsonNode jobs = w.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"max\": 10}").json().get("jobs");
        assertThat(jobs).hasSize(2); // 2 per hour: the third waits, with no attempt used
        JsonNode waiting = api.get("/v1/jobs?state=scheduled").json().get("items");
        assertThat(waiting).hasSize(1);
        assertThat(waiting.get(0).get("attempt").asInt()).isZero();
        assertThat(waiting.get(0).get("waitingFor").asText()).isEqualTo("rate-limit");
    }

    @Test
    void aRemoteCompleteHandsTheKeyToItsWaiterAtOnce() {
        ApiClient w = worker(null);
        Set<String> ids = Set.of(submitRemote(w, ", \"concurrencyKey\": \"customer:7\", \"concurrencyLimit\": 1"),
                submitRemote(w, ", \"concurrencyKey\": \"customer:7\", \"concurrencyLimit\": 1"));
        JsonNode jobs = w.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"max\": 10}").json().get("jobs");
        assertThat(jobs).hasSize(1); // submitted in the same millisecond: either may go first
        String first = jobs.get(0).get("id").asText();
        String second = ids.stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
        assertThat(api.get("/v1/jobs/" + second).json().get("waitingFor").asText()).isEqualTo("concurrency-key");

        assertThat(w.post("/v1/jobs/" + first + "/complete", "{\"leaseToken\": \"" + token(jobs.get(0)) + "\"}").status()).isEqualTo(200);
        // the clock has not moved: only the finish itself can have made the waiter available
        JsonNode waiter = api.get("/v1/jobs/" + second).json();
        assertThat(waiter.get("state").asText()).isEqualTo("available");
        assertThat(waiter.has("waitingFor")).isFalse();
        assertThat(claimOne(w).get("id").asText()).isEqualTo(second);
    }

    @Test
    void aWorkerClaimsHeartbeatsUploadsAndCompletes() {
        ApiClient w = worker(null);
        String id = submitRemote(api, "");
        JsonNode claimed = claimOne(w);
        assertThat(claimed.get("id").asText()).isEqualTo(id);
        assertThat(claimed.get("state").asText()).isEqualTo("running");
        String lease = token(claimed);

        JsonNode hb = w.post("/v1/jobs/" + id + "/heartbeat",
                "{\"leaseToken\": \"" + lease + "\", \"progress\": {\"percent\": 40, \"message\": \"halfway-ish\"}}").json();
        assertThat(hb.get("held").asBoolean()).isTrue();
        assertThat(hb.get("cancelRequested").asBoolean()).isFalse();

        ApiClient.Response up = w.put("/v1/jobs/" + id + "/artifacts/out.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8),
                "Jobvault-Lease", lease, "Content-Type", "text/csv");
        assertThat(up.status()).as(up.raw()).isEqualTo(201);
        assertThat(up.json().get("size").asLong()).isEqualTo(8);

        ApiClient.Response done = w.post("/v1/jobs/" + id + "/complete", "{\"leaseToken\": \"" + lease + "\", \"result\": {\"rows\": 1}}");
        assertThat(done.status()).isEqualTo(200);
        JsonNode job = api.get("/v1/jobs/" + id).json();
        assertThat(job.get("state").asText()).isEqualTo("succeeded");
        assertThat(job.get("result").get("rows").asInt()).isEqualTo(1);
        assertThat(job.get("progress").get("percent").asInt()).isEqualTo(40);
        assertThat(job.get("artifacts").get(0).get("contentType").asText()).isEqualTo("text/csv");
        assertThat(api.get("/v1/jobs/" + id + "/artifacts/out.csv").raw()).isEqualTo("a,b\n1,2\n");
    }

    @Test
    void aLongPollClaimReturnsAsSoonAsAJobArrives() throws Exception {
        ApiClient w = worker(null);
        CompletableFuture<JsonNode> claim = CompletableFuture.supplyAsync(
                () -> w.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"wait\": \"30s\"}").json());
        assertThat(w.post("/v1/workers/claim", "{\"queues\": [\"remote\"], \"wait\": \"200ms\"}").json().get("jobs")).isEmpty();
        String id = submitRemote(api, "");
        JsonNode got = claim.get(20, TimeUnit.SECONDS);
        assertThat(got.get("jobs").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void failRetriesAfterTheGivenDelayOrEndsDead() {
        ApiClient w = worker(null);
        String retried = submitRemote(api, "");
        w.post("/v1/jobs/" + retried + "/fail", "{\"leaseToken\": \"" + token(claimOne(w)) + "\", \"error\": \"429 from upstream\", \"retryAfter\": \"2m\"}");
        JsonNode job = api.get("/v1/jobs/" + retried).json();
        assertThat(job.get("state").asText()).isEqualTo("retrying");
        assertThat(job.get("lastError").asText()).isEqualTo("429 from upstream");
        assertThat(job.get("runAt").asText()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)).toString());

        String dead = submitRemote(api, ", \"maxAttempts\": 5");
        ApiClient.Response r = w.post("/v1/jobs/" + dead + "/fail",
                "{\"leaseToken\": \"" + token(claimOne(w)) + "\", \"error\": \"bad input\", \"retryable\": false}");
        assertThat(r.json().get("state").asText()).isEqualTo("dead");
    }

    @Test
    void aStaleLeaseGets409EverywhereAndTheJobIsUntouched() {
        ApiClient first = worker(null);
        ApiClient second = worker(null);
        String id = submitRemote(api, "");
        String stale = token(claimOne(first));
        clock.advance(Duration.ofSeconds(40)); // past the 30 s lease and a rescue interval: the job is rescued
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/v1/jobs/" + id).json().get("state").asText().equals("available"));
        String current = token(claimOne(second));

        assertProblem(first.post("/v1/jobs/" + id + "/complete", "{\"leaseToken\": \"" + stale + "\", \"result\": {\"stale\": true}}"), 409);
        assertProblem(first.post("/v1/jobs/" + id + "/heartbeat", "{\"leaseToken\": \"" + stale + "\"}"), 409);
        assertProblem(first.post("/v1/jobs/" + id + "/fail", "{\"leaseToken\": \"" + stale + "\", \"error\": \"x\"}"), 409);
        assertProblem(first.put("/v1/jobs/" + id + "/artifacts/stale.txt", new byte[] {1}, "Jobvault-Lease", stale), 409);

        JsonNode job = api.get("/v1/jobs/" + id).json();
        assertThat(job.get("state").asText()).isEqualTo("running");
        assertThat(job.get("attempt").asInt()).isEqualTo(2);
        assertThat(job.has("result")).isFalse();
        assertThat(job.get("artifacts")).isEmpty();
        assertThat(second.post("/v1/jobs/" + id + "/complete", "{\"leaseToken\": \"" + current + "\"}").status()).isEqualTo(200);
    }

    @Test
    void foreignOrForgedTokensGet409() {
        ApiClient w = worker(null);
        submitRemote(api, "");
        submitRemote(api, "");
        JsonNode first = claimOne(w);
        JsonNode second = claimOne(w);
        String a = first.get("id").asText();
        String b = second.get("id").asText();
        String tokenOfA = token(first);
        String tokenOfB = token(second);
        assertProblem(w.post("/v1/jobs/" + b + "/complete", "{\"leaseToken\": \"" + tokenOfA + "\"}"), 409);
        assertProblem(w.post("/v1/jobs/" + a + "/complete", "{\"leaseToken\": \"garbage.token\"}"), 409);
        String forged = tokenOfB.substring(0, tokenOfB.length() - 2) + (tokenOfB.endsWith("00") ? "11" : "00");
        assertProblem(w.post("/v1/jobs/" + b + "/complete", "{\"leaseToken\": \"" + forged + "\"}"), 409);
        assertThat(api.get("/v1/jobs/" + a).json().get("state").asText()).isEqualTo("running");
    }

    @Test
    void tenantsScopesAndBadInput() {
        ApiClient workerOfA = worker("a");
        ApiClient submitterOfB = worker("b");
        String jobOfB = submitRemote(submitterOfB, "");
        assertThat(workerOfA.post("/v1/workers/claim", "{\"queues\": [\"remote\"]}").json().get("jobs")).isEmpty();
        String leaseOfB = token(claimOne(submitterOfB));
        assertProblem(workerOfA.post("/v1/jobs/" + jobOfB + "/heartbeat", "{\"leaseToken\": \"" + leaseOfB + "\"}"), 404);
        assertProblem(workerOfA.post("/v1/jobs/" + jobOfB + "/complete", "{\"leaseToken\": \"" + leaseOfB + "\"}"), 404);
        assertProblem(workerOfA.put("/v1/jobs/" + jobOfB + "/artifacts/x.txt", new byte[] {1}, "Jobvault-Lease", leaseOfB), 404);

        ApiClient reader = api.as(server.tokens().create("r", null, Set.of(Scope.READ)).secret());
        assertProblem(reader.post("/v1/workers/claim", "{\"queues\": [\"remote\"]}"), 403);
        assertProblem(api.post("/v1/workers/claim", "{\"queues\": \"remote\", \"max\": 0, \"wait\": \"2h\", \"colour\": 1}"), 422);
        assertProblem(api.post("/v1/workers/claim", "not json"), 400);
        // Jetty refuses some of these URIs (an encoded NUL) itself and closes the connection (announced with
        // Connection: close). Empty bodies keep unread bytes from turning that close into a reset.
        for (String hostile : new String[] {"../x", "a/b", "..", "%2e%2e", "%2e%2e%2fx", "a%2fb", "a%5cb", "nul%00",
                "x".repeat(300), "x".repeat(10_000)}) {
            ApiClient.Response r;
            try {
                r = submitterOfB.put("/v1/jobs/" + jobOfB + "/artifacts/" + hostile, new byte[0], "Jobvault-Lease", leaseOfB);
            } catch (RuntimeException e) {
                throw new AssertionError("no answer for " + hostile.substring(0, Math.min(20, hostile.length())), e);
            }
            assertThat(r.status()).as(hostile + ": " + r.raw()).isBetween(400, 499);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertProblem(submitterOfB.put("/v1/jobs/" + jobOfB + "/artifacts/ok.txt", new byte[] {1}), 422);
    }
}
