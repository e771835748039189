package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What operators look at: Prometheus metrics and the admin health summary. */
class OpsApiTest extends ServerTestBase {

    @Test
    void metricsCountJobsByTypeAndQueueAndReportDepthAndLatencies() {
        String ok = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        String dead = api.post("/v1/jobs", "{\"type\": \"test.dead\"}").json().get("id").asText();
        api.post("/v1/jobs", "{\"type\": \"test.ok\", \"queue\": \"idle\"}");
        assertThat(api.get("/v1/jobs/" + ok + "?wait=30s").json().get("state").asText()).isEqualTo("succeeded");
        assertThat(api.get("/v1/jobs/" + dead + "?wait=30s").json().get("state").asText()).isEqualTo("dead");

        ApiClient.Response r = api.as(null).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.raw())
                .contains("jobvault_jobs_submitted_total{queue=\"default\",type=\"test.ok\"} 1.0")
                .contains("jobvault_jobs_finished_total{outcome=\"succeeded\",queue=\"default\",type=\"test.ok\"} 1.0")
                .contains("jobvault_jobs_finished_total{outcome=\"dead\",queue=\"default\",type=\"test.dead\"} 1.0")
                .contains("jobvault_queue_depth{queue=\"idle\"} 1.0")
                .contains("jobvault_prune_lag_seconds 0.0")
                .contains("jobvault_jobs_pickup_latency_seconds_bucket")
                .contains("jobvault_jobs_run_time_seconds_count{queue=\"default\",type=\"test.ok\"} 1");
    }

    @Test
    void adminHealthSummarisesQueuesRatesAndNodes() {
        clock.advance(Duration.ofSeconds(1));
        String ok = api.post("/v1/jobs", "{\"type\": \"test.ok\"}").json().get("id").asText();
        String dead = api.post("/v1/jobs", "{\"type\": \"test.dead\"}").json().get("id").asText();
        api.post("/v1/jobs", "{\"type\": \"test.ok\", \"queue\": \"idle\"}");
        api.get("/v1/jobs/" + ok + "?wait=30s");
        api.get("/v1/jobs/" + dead + "?wait=30s");
        clock.advance(Duration.ofSeconds(42));

        JsonNode h = api.get("/v1/health").json();
        assertThat(h.get("store").get("status").asText()).isEqualTo("up");
        assertThat(h.get("version").asText()).isNotBlank();
        assertThat(h.get("queues").get("idle").get("available").asLong()).isEqualTo(1);
        assertThat(h.get("oldestAvailableAgeSeconds").asDouble()).isEqualTo(42.0);
        assertThat(h.get("successRate").get("lastHour").get("succeeded").asLong()).isEqualTo(1);
        assertThat(h.get("successRate").get("lastHour").get("dead").asLong()).isEqualTo(1);
        assertThat(h.get("successRate").get("lastDay").get("rate").asDouble()).isEqualTo(0.5);
        assertThat(h.get("artifacts").get("missing").asLong()).isZero();
        assertThat(h.get("pruning").get("waiting").asLong()).as("nothing past its one-hour retention").isZero();
        assertThat(h.get("pruning").get("lagSeconds").asDouble()).isZero();
        assertThat(h.get("nodeIdLock").get("status").asText()).isEqualTo("held");
        assertThat(h.get("nodeIdLock").get("claiming").asBoolean()).isTrue();
        assertThat(h.get("clock").get("liveness").asText()).as("SQLite: one machine, one clock").isEqualTo("node");
        assertThat(h.get("clock").get("skewSeconds").isNull()).isTrue();
        assertThat(h.get("clock").get("skewed").asBoolean()).isFalse();

        String reader = server.tokens().create("r", null, Set.of(Scope.READ)).secret();
        assertProblem(api.as(reader).get("/v1/health"), 403);
    }

    @Test
    void healthSaysWhenThisNodeLostItsNodeIdAndClaimsNothing() {
        var n = io.jobvault.json.Json.MAPPER.createObjectNode();
        AdminHealthApi.nodeIdLock(n, java.util.Optional.of(new io.jobvault.engine.NodeIdHold.Lost(
                java.time.Instant.parse("2030-01-01T00:00:05Z"), "node id 'x' is in use by another live Jobvault")));
        assertThat(n.get("status").asText()).isEqualTo("lost");
        assertThat(n.get("since").asText()).isEqualTo("2030-01-01T00:00:05Z");
        assertThat(n.get("cause").asText()).contains("in use");
        assertThat(n.get("claiming").asBoolean()).isFalse();
    }
}
