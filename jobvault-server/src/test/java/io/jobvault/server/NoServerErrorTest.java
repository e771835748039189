package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Timing;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import io.jobvault.store.ScheduleRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each class of input that used to answer 500 (or an empty error) now answers a 4xx problem naming what is wrong —
 * overflowing durations and instants, schedules that cannot run, a signed upload, bad charsets, broken bodies,
 * Jetty's early errors for PUT and DELETE — and a deleted job says it was deleted.
 */
class NoServerErrorTest extends ServerTestBase {
    private static final String HUGE_TIMEOUT = "PT9223372036854775807S";

    private ApiClient.Response put(String path, String body) {
        return api.put(path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private static String errors(ApiClient.Response r) {
        return r.json().get("errors").toString();
    }

    @Test
    void overflowingDurationsAndInstantsAre4xxNamingTheFieldAndItsRange() {
        for (String field : new String[] {"timeout", "retention", "delay"}) {
            for (String value : new String[] {HUGE_TIMEOUT, "P999999999999D"}) {
                ApiClient.Response r = assertProblem(api.post("/v1/jobs", "{\"type\": \"test.ok\", \"" + field + "\": \"" + value + "\"}"), 422);
                assertThat(errors(r)).contains(field + ": must be within").contains("36500d");
            }
        }
        assertThat(errors(assertProblem(api.post("/v1/jobs", "{\"type\": \"test.ok\", \"runAt\": \"+1000000000-12-31T23:59:59Z\"}"), 422)))
                .contains("runAt: must be within 0001-01-01T00:00:00Z..9999-12-31T23:59:59.999Z");
        put("/v1/schedules/hourly", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\"}}");
        assertThat(assertProblem(api.get("/v1/schedules/hourly/fires?before=-1000000000-01-01T00:00:00Z"), 400)
                .json().get("detail").asText()).contains("before: must be within 0001-01-01");
        assertThat(api.get("/v1/jobs").json().get("items")).isEmpty(); // nothing was stored
    }

    @Test
    void aWorkersRetryAfterThatOverflowsIs422() {
        api.post("/v1/jobs", "{\"type\": \"test.ok\", \"queue\": \"remote\"}");
        JsonNode job = api.post("/v1/workers/claim", "{\"queues\": [\"remote\"]}").json().get("jobs").get(0);
        String fail = "/v1/jobs/" + job.get("id").asText() + "/fail";
        String lease = job.get("lease").get("token").asText();
        ApiClient.Response r = assertProblem(api.post(fail, "{\"leaseToken\": \"" + lease + "\", \"error\": \"x\", \"retryAfter\": \""
                + HUGE_TIMEOUT + "\"}"), 422);
        assertThat(errors(r)).contains("retryAfter: must be within 0s..36500d");
        assertThat(api.post(fail, "{\"leaseToken\": \"" + lease + "\", \"error\": \"x\", \"retryAfter\": \"30s\"}").status()).isEqualTo(200);
    }

    @Test
    void aScheduleWhoseJobCannotBeStoredIsRefusedWhereverItIsDefined() throws Exception {
        ApiClient.Response r = assertProblem(put("/v1/schedules/bad", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\", \"timeout\": \""
                + HUGE_TIMEOUT + "\"}}"), 422);
        assertThat(errors(r)).contains("timeout: must be within 1ms..36500d");
        assertThat(api.get("/v1/schedules").json().get("items")).isEmpty();
        JobTemplate job = new JobTemplate("test.ok", "{}", null, 0, null, Duration.ofSeconds(Long.MAX_VALUE));
        assertThatThrownBy(() -> Schedule.builder("bad", Timing.every(Duration.ofHours(1)), job).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout: must be within");
        Path file = dir.resolve("schedules.json");
        Files.writeString(file, "{\"schedules\": [{\"id\": \"bad\", \"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\", \"timeout\": \"P999999999999D\"}}]}");
        assertThatThrownBy(() -> SchedulesFile.read(file)).hasMessageContaining("schedule bad: job: ").hasMessageContaining("timeout");
    }

    @Test
    void aStoredScheduleThatCannotRunBreaksNoOther() {
        assertThat(put("/v1/schedules/good", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\"}}").status()).isEqualTo(201);
        Instant now = clock.instant();
        String url = "jdbc:sqlite:" + dir.resolve("jobvault.db");
        try (JobStore store = JobStoreProvider.forUrl(url).orElseThrow().open(url)) { // as an older version stored it
            store.scheduleUpsert(new ScheduleRow("bad", "{\"id\": \"bad\", \"every\": \"PT1H\", \"zone\": \"UTC\", \"job\": {\"type\": \"test.ok\","
                    + " \"timeout\": \"" + HUGE_TIMEOUT + "\"}}", false, now.plus(Duration.ofHours(1)), null, "api", now, now, 0));
        }
        JsonNode list = api.get("/v1/schedules").json();
        assertThat(list.get("items")).extracting(i -> i.get("id").asText()).containsExactly("good");
        assertThat(list.get("invalid").get(0).get("id").asText()).isEqualTo("bad");

        JsonNode all = api.post("/v1/schedules/trigger-all", "{\"reason\": \"after the outage\"}").json();
        assertThat(all.get("items")).extracting(i -> i.get("schedule").asText()).containsExactly("good");
        assertThat(all.get("failed").get(0).get("schedule").asText()).isEqualTo("bad");
        assertThat(all.get("failed").get(0).get("problem").asText()).contains("timeout");
        assertProblem(api.post("/v1/schedules/bad/trigger", "{\"reason\": \"x\"}"), 409);
        assertProblem(api.get("/v1/schedules/bad"), 409);

        clock.advance(Duration.ofMinutes(61)); // both are due: the good one fires, the bad one is paused and alerted once
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/schedules/good/fires").json().get("items").size() >= 2);
        String url2 = url;
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (JobStore store = JobStoreProvider.forUrl(url2).orElseThrow().open(url2)) {
                return store.scheduleGet("bad").orElseThrow().paused();
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/alerts").json().get("open").toString().contains("schedule.invalid"));

        assertThat(put("/v1/schedules/bad", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\", \"timeout\": \"5m\"}}").status())
                .as("a corrected definition replaces it").isEqualTo(200);
        assertThat(api.get("/v1/schedules/bad").json().get("paused").asBoolean()).isTrue();
    }

    @Test
    void anUploadWithASigParameterStillNeedsAToken() {
        String path = "/v1/jobs/" + java.util.UUID.randomUUID() + "/artifacts/a.bin?sig=00&expires=1";
        assertProblem(api.as(null).put(path, new byte[] {1}), 401);
        ApiClient reader = api.as(server.tokens().create("r", null, Set.of(Scope.READ)).secret());
        assertProblem(reader.put(path, new byte[] {1}), 403);
    }

    @Test
    void aJsonBodyInAnotherCharsetIs415OnEveryJsonEndpoint() {
        RawHttp raw = new RawHttp(server.port());
        for (String type : new String[] {"application/json; charset=bogus", "application/json; charset=", "application/json; charset=\""}) {
            for (String[] call : new String[][] {{"POST", "/v1/jobs", "{\"type\": \"test.ok\"}"},
                    {"PUT", "/v1/schedules/s", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\"}}"},
                    {"POST", "/v1/workers/claim", "{\"queues\": [\"remote\"]}"}}) {
                RawHttp.Response r = raw.request(call[0], call[1], call[2].getBytes(StandardCharsets.UTF_8),
                        "Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", type);
                assertThat(r.status()).as(call[1] + " with " + type).isEqualTo(415);
                assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            }
        }
        assertThat(raw.request("POST", "/v1/jobs", "{\"type\": \"test.ok\"}".getBytes(StandardCharsets.UTF_8),
                "Authorization", "Bearer " + ADMIN_TOKEN, "Content-Type", "application/json; charset=\"UTF-8\"").status()).isEqualTo(202);
    }

    @Test
    void aBodyCutShortIs400() {
        RawHttp raw = new RawHttp(server.port());
        String head = "POST /v1/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n";
        RawHttp.Response shortBody = raw.send((head + "Content-Length: 100\r\n").getBytes(StandardCharsets.US_ASCII),
                "{\"type\": \"test.ok\"}".getBytes(StandardCharsets.US_ASCII), true);
        RawHttp.Response brokenChunks = raw.send((head + "Transfer-Encoding: chunked\r\n").getBytes(StandardCharsets.US_ASCII),
                "5\r\n{\"typ\r\nzz\r\n".getBytes(StandardCharsets.US_ASCII), true);
        for (RawHttp.Response r : new RawHttp.Response[] {shortBody, brokenChunks}) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.get("/v1/jobs").json().get("items")).isEmpty();
    }

    @Test
    void jettysEarlyErrorsAreProblemJsonForEveryMethod() {
        RawHttp raw = new RawHttp(server.port());
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            for (String target : new String[] {"/v1/jobs/{abc}", "/v1/jobs/x/artifacts/%c0%ae%c0%ae"}) {
                RawHttp.Response r = raw.request(method, target, new byte[0], "Authorization", "Bearer " + ADMIN_TOKEN);
                assertThat(r.status()).as(method + " " + target).isEqualTo(400);
                assertThat(r.header("Content-Type")).as(method + " " + target).startsWith("application/problem+json");
                assertThat(r.text()).contains("\"status\":400");
            }
        }
    }

    @Test
    void aDeletedJobSaysItWasDeletedAndAPrunedOneThatItExpired() {
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\", \"delay\": \"1h\"}").json().get("id").asText();
        assertThat(api.method("DELETE", "/v1/jobs/" + id).status()).isEqualTo(204);
        ApiClient.Response deleted = assertProblem(api.get("/v1/jobs/" + id), 410);
        assertThat(deleted.json().get("type").asText()).endsWith("/job-deleted");
        assertThat(deleted.json().get("detail").asText()).contains("was deleted").doesNotContain("retention");
    }
}
