package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code GET /v1/health/report} and {@code jobvault health --report}: coverage, outcomes, latency and advice. */
class HealthReportTest extends ServerTestBase {
    @Test
    void theReportNamesTheMissingKeysAndSaysHowToRerunThem() {
        // acme's report succeeds, globex's always dies
        api.put("/v1/schedules/report.daily", """
                {"cron": "0 6 * * *", "job": {"type": "test.dead", "maxAttempts": 1}, "keys": ["globex"]}""".getBytes(),
                "Content-Type", "application/json");
        api.put("/v1/schedules/report.ok", """
                {"cron": "0 6 * * *", "job": {"type": "test.ok"}, "keys": ["acme"]}""".getBytes(), "Content-Type", "application/json");
        clock.set(Instant.parse("2030-01-01T06:00:00.100Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode f = api.get("/v1/schedules/report.daily/fires").json().get("items");
            return f.size() == 1 && f.get(0).get("coverage").get("failed").get("count").asInt() == 1;
        });
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/v1/schedules/report.ok/fires").json().get("items").get(0).get("coverage").get("complete").asBoolean());
        clock.set(Instant.parse("2030-01-01T06:30:00Z")); // within the jobs' 1 h retention (ServerTestBase)

        JsonNode r = api.get("/v1/health/report?period=24h").json();
        JsonNode daily = r.get("schedules").get(0);
        assertThat(daily.get("id").asText()).isEqualTo("report.daily");
        assertThat(daily.get("expectedFires").asInt()).isEqualTo(1);
        assertThat(daily.get("recordedFires").asInt()).isEqualTo(1);
        assertThat(daily.get("succeededKeys").asInt()).isZero();
        assertThat(daily.get("missingKeys").get(0).get("key").asText()).isEqualTo("globex");
        assertThat(r.get("schedules").get(1).get("succeededKeys").asInt()).isEqualTo(1);
        assertThat(r.get("types").toString()).contains("\"type\":\"test.dead\"", "\"dead\":1");
        assertThat(r.get("queueLatency").get("samples").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(r.get("storeLatency").get("samples").asInt()).isEqualTo(5);
        assertThat(r.get("recommendations").toString())
                .contains("1 key(s) (globex) of report.daily did not succeed since 2030-01-01T06:00:00Z")
                .contains("./jobvault schedules trigger report.daily --key globex");

        api.put("/v1/schedules/brand-new", "{\"every\": \"PT1M\", \"job\": {\"type\": \"test.ok\"}}".getBytes(),
                "Content-Type", "application/json");
        JsonNode fresh = api.get("/v1/health/report?period=24h").json().get("schedules").get(0);
        assertThat(fresh.get("id").asText()).isEqualTo("brand-new");
        assertThat(fresh.get("expectedFires").asInt()).as("nothing was due before it existed").isZero();
        assertThat(api.get("/v1/health/report?period=forever").status()).isEqualTo(400);
        assertThat(api.as(server.tokens().create("r", null, Set.of(Scope.READ)).secret()).get("/v1/health/report").status())
                .isEqualTo(403);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new HealthCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute("--report", "--url", "http://127.0.0.1:" + server.port(), "--token", ADMIN_TOKEN);
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("report.daily", "fires 1/1 expected", "keys 0/1 succeeded", "missing globex",
                "test.dead", "Recommendations", "--key globex");
    }
}
