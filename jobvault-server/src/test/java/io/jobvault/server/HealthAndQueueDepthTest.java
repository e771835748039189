package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code GET /health} is the readiness answer; every configured queue has a depth series before its first job. */
class HealthAndQueueDepthTest extends ServerTestBase {
    @Test
    void healthAnswersReadinessWithoutAToken() {
        ApiClient anonymous = api.as(null);
        ApiClient.Response health = anonymous.get("/health");
        assertThat(health.status()).as(health.raw()).isEqualTo(200);
        assertThat(health.contentType()).startsWith("application/json");
        assertThat(health.json().get("status").asText()).isEqualTo("ready");
        assertThat(health.json().get("store").get("status").asText()).isEqualTo("up");
        assertThat(anonymous.get("/health/ready").json().get("status").asText()).isEqualTo("ready");
    }

    @Test
    void everyConfiguredQueueReportsItsDepthFromTheStart() {
        ApiClient.Response metrics = api.as(null).get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw()).as("no job was ever submitted").contains("jobvault_queue_depth{queue=\"default\"} 0.0");
    }
}
