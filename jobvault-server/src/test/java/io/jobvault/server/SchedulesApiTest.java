package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code /v1/schedules} and {@code /v1/audit} over real HTTP (the clock starts 2030-01-01T00:00Z). */
class SchedulesApiTest extends ServerTestBase {
    private static final String DAILY = """
            {"cron": "0 6 * * *", "zone": "Europe/Berlin", "job": {"type": "test.ok", "payload": {"report": "daily"}},
             "keys": ["acme", "globex"], "deadline": "PT2H", "misfire": "catch-up", "overlap": "skip"}""";

    private ApiClient.Response put(ApiClient as, String id, String body) {
        return as.put("/v1/schedules/" + id, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    private ApiClient tokenFor(String tenant, Scope... scopes) {
        return api.as(server.tokens().create("test", tenant, Set.of(scopes)).secret());
    }

    @Test
    void aScheduleIsDefinedReadListedAndReappliedWithoutChange() {
        ApiClient.Response created = put(api, "report.daily", DAILY);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode s = created.json();
        assertThat(s.get("cron").asText()).isEqualTo("0 6 * * *");
        assertThat(s.get("nextFireAt").asText()).isEqualTo("2030-01-01T05:00:00Z"); // 06:00 in Berlin (CET)
        assertThat(s.get("keys")).hasSize(2);
        assertThat(s.get("source").asText()).isEqualTo("api");
        ApiClient.Response again = put(api, "report.daily", DAILY);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("nextFireAt")).isEqualTo(s.get("nextFireAt"));
        assertThat(api.get("/v1/schedules/report.daily").json().get("misfire").asText()).isEqualTo("catch-up");
        assertThat(api.get("/v1/schedules").json().get("items")).hasSize(1);
        assertProblem(api.get("/v1/schedules/nope"), 404);
        assertThat(api.method("DELETE", "/v1/schedules/report.daily").status()).isEqualTo(204);
        assertProblem(api.get("/v1/schedules/report.daily"), 404);
    }

    @Test
    void badDefinitionsAre422NamingEveryField() {
        ApiClient.Response r = assertProblem(put(api, "x", """
                {"cron": "61 * * * *", "every": "PT1M", "zone": "Mars/Olympus", "job": {"priority": "high"},
                 "misfire": "sometimes", "bogus": 1}"""), 422);
        String errors = r.json().get("errors").toString();
        assertThat(errors).contains("bogus: unknown field", "give exactly one", "zone: unknown time zone", "job.type: required",
                "misfire: must be catch-up, run-once or skip", "job.priority: must be an integer");
        assertProblem(put(api, "x", "not json"), 400);
        assertProblem(put(api, "bad%20id!", "{\"every\": \"PT1M\", \"job\": {\"type\": \"test.ok\"}}"), 422);
        assertThat(api.get("/v1/schedules").json().get("items")).isEmpty(); // nothing was changed
    }

    @Test
    void firesShowPerKeyCoverageAndPauseResumeWork() {
        put(api, "r", DAILY);
        clock.set(Instant.parse("2030-01-01T05:00:00.500Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode items = api.get("/v1/schedules/r/fires").json().get("items");
            return items.size() == 1 && items.get(0).get("coverage").get("complete").asBoolean();
        });
        JsonNode fire = api.get("/v1/schedules/r/fires").json().get("items").get(0);
        assertThat(fire.get("kind").asText()).isEqualTo("scheduled");
        assertThat(fire.get("coverage").get("succeeded").get("keys").toString()).contains("acme", "globex");
        assertThat(fire.get("deadlineAt").asText()).isEqualTo("2030-01-01T07:00:00.500Z"); // two hours from when it was enqueued
        assertThat(api.post("/v1/schedules/r/pause", "").json().get("paused").asBoolean()).isTrue();
        assertThat(api.post("/v1/schedules/r/resume", "").json().get("paused").asBoolean()).isFalse();
        assertProblem(api.post("/v1/schedules/nope/pause", ""), 404);
        assertProblem(api.get("/v1/schedules/r/fires?limit=0"), 400);
    }

    @Test
    void triggersNeedAdminAreAuditedWithWhoWhyAndWhat() {
        put(api, "r", DAILY);
        ApiClient.Response r = api.post("/v1/schedules/r/trigger", "{\"reason\": \"globex missed its report\", \"key\": \"globex\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        String job = r.json().get("jobs").get(0).asText();
        assertThat(api.get("/v1/jobs/" + job + "?wait=10s").json().get("state").asText()).isEqualTo("succeeded");
        ApiClient.Response all = api.post("/v1/schedules/trigger-all", "{\"reason\": \"re-run after the outage\", \"delay\": \"10m\"}");
        assertThat(all.status()).isEqualTo(202);
        assertThat(all.json().get("items").get(0).get("jobs")).hasSize(2);

        JsonNode audit = api.get("/v1/audit").json().get("items");
        assertThat(audit).hasSizeGreaterThanOrEqualTo(3);
        JsonNode newest = audit.get(0);
        assertThat(newest.get("action").asText()).isEqualTo("schedule.trigger");
        assertThat(newest.get("reason").asText()).isEqualTo("re-run after the outage");
        assertThat(newest.get("actor").asText()).startsWith("token:");
        assertThat(newest.get("details").get("jobs")).hasSize(2);
        assertThat(audit.get(1).get("details").get("jobs").get(0).asText()).isEqualTo(job);
        assertThat(audit.get(2).get("action").asText()).isEqualTo("schedule.create");

        ApiClient submitter = tokenFor(null, Scope.SUBMIT, Scope.READ);
        assertProblem(submitter.post("/v1/schedules/r/trigger", "{\"reason\": \"x\"}"), 403);
        assertProblem(submitter.post("/v1/schedules/trigger-all", "{\"reason\": \"x\"}"), 403);
        assertProblem(put(submitter, "r2", DAILY), 403);
        assertProblem(submitter.get("/v1/audit"), 403);
        assertProblem(tokenFor("acme", Scope.ADMIN).post("/v1/schedules/r/trigger", "{\"reason\": \"x\"}"), 403);
        assertProblem(api.post("/v1/schedules/r/trigger", "{}"), 422); // a reason is required
        assertProblem(api.post("/v1/schedules/r/trigger", "{\"reason\": \"x\", \"key\": \"initech\"}"), 422);
        assertProblem(api.post("/v1/schedules/r/trigger", "{\"reason\": \"x\", \"delay\": \"soon\"}"), 422);
        assertProblem(api.post("/v1/schedules/nope/trigger", "{\"reason\": \"x\"}"), 404);
        assertThat(api.get("/v1/audit").json().get("items")).hasSize(audit.size()); // refused requests audit nothing
    }

    @Test
    void aTriggerReRunsTheFireItNamesAndTheFiresPageCountsIt() {
        put(api, "r", DAILY.replace("\"catch-up\"", "\"skip\""));
        clock.set(Instant.parse("2030-01-02T12:00:00Z")); // both days' 05:00 fires missed: nobody ran them
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/schedules/r/fires").json().get("items").size() == 2);
        assertProblem(api.post("/v1/schedules/r/trigger", "{\"reason\": \"x\", \"fire\": \"yesterday\"}"), 422);
        ApiClient.Response unknown = assertProblem(api.post("/v1/schedules/r/trigger",
                "{\"reason\": \"x\", \"fire\": \"2030-01-01T06:00:00Z\"}"), 422);
        assertThat(unknown.json().get("detail").asText()).contains("no scheduled fire at 2030-01-01T06:00:00Z");
        assertProblem(api.post("/v1/schedules/trigger-all", "{\"reason\": \"x\", \"fire\": \"none\"}"), 422);

        ApiClient.Response r = api.post("/v1/schedules/r/trigger",
                "{\"reason\": \"globex needs day one\", \"key\": \"globex\", \"fire\": \"2030-01-01T05:00:00Z\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        assertThat(r.json().get("rerunOf").asText()).isEqualTo("2030-01-01T05:00:00Z");
        String job = r.json().get("jobs").get(0).asText();
        assertThat(api.get("/v1/jobs/" + job + "?wait=10s").json().get("state").asText()).isEqualTo("succeeded");
        JsonNode fires = api.get("/v1/schedules/r/fires").json().get("items");
        assertThat(fires.get(0).get("kind").asText()).isEqualTo("manual");
        assertThat(fires.get(0).get("rerunOf").asText()).isEqualTo("2030-01-01T05:00:00Z");
        JsonNode dayOne = fires.get(2);
        assertThat(dayOne.get("fireAt").asText()).isEqualTo("2030-01-01T05:00:00Z");
        assertThat(dayOne.get("coverage").get("succeeded").get("keys").toString()).isEqualTo("[\"globex\"]");
        assertThat(dayOne.get("coverage").get("neverRan").get("keys").toString()).isEqualTo("[\"acme\"]");
        assertThat(fires.get(1).get("coverage").get("neverRan").get("count").asInt()).isEqualTo(2); // the other day is untouched
        assertThat(api.get("/v1/audit").json().get("items").get(0).get("details").get("rerunOf").asText())
                .isEqualTo("2030-01-01T05:00:00Z");
    }

    @Test
    void cancelRetryAndDeleteOfJobsAreAudited() {
        String id = api.post("/v1/jobs", "{\"type\": \"test.dead\"}").json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + id + "?wait=10s").json().get("state").asText()).isEqualTo("dead");
        api.post("/v1/jobs/" + id + "/retry", "");
        api.get("/v1/jobs/" + id + "?wait=10s");
        api.post("/v1/jobs/" + id + "/cancel", "");
        api.method("DELETE", "/v1/jobs/" + id);
        JsonNode audit = api.get("/v1/audit").json().get("items");
        assertThat(audit).extracting(a -> a.get("action").asText()).containsExactly("job.delete", "job.cancel", "job.retry");
        assertThat(audit.get(0).get("target").asText()).isEqualTo("job:" + id);
    }
}
