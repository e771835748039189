package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import io.jobvault.server.auth.Tokens;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** GET /v1/stats: counts by state, queue and type and runs per minute, from counters; a tenant's token sees its own. */
class StatsApiTest extends ServerTestBase {

    private ApiClient tokenFor(String tenant, Scope... scopes) {
        Tokens.Issued issued = server.tokens().create("test", tenant, Set.of(scopes));
        return api.as(issued.secret());
    }

    private void submitAndAwait(ApiClient as, String type, int n) {
        for (int i = 0; i < n; i++) {
            String id = as.post("/v1/jobs", "{\"type\": \"" + type + "\"}").json().get("id").asText();
            assertThat(as.get("/v1/jobs/" + id + "?wait=20s").json().get("state").asText()).isIn("succeeded", "dead");
        }
    }

    @Test
    void countsAndRunsPerMinuteByStateQueueAndTypePerTenant() {
        ApiClient tenantA = tokenFor("tenant-a", Scope.SUBMIT, Scope.READ);
        submitAndAwait(tenantA, "test.ok", 3);
        submitAndAwait(api, "test.ok", 2);
        submitAndAwait(api, "test.dead", 1);
        assertThat(api.post("/v1/jobs", "{\"type\": \"test.ok\", \"delay\": \"2h\"}").status()).isEqualTo(202);

        JsonNode all = api.get("/v1/stats").json();
        assertThat(all.get("tenant").isNull()).isTrue();
        assertThat(all.get("states").get("succeeded").asLong()).isEqualTo(5);
        assertThat(all.get("states").get("dead").asLong()).isEqualTo(1);
        assertThat(all.get("states").get("scheduled").asLong()).isEqualTo(1);
        assertThat(all.get("states").get("running").asLong()).isZero();
        assertThat(all.get("queues").get("default").get("succeeded").asLong()).isEqualTo(5);
        assertThat(all.get("types").get("test.ok").get("scheduled").asLong()).isEqualTo(1);
        assertThat(all.get("types").get("test.dead").get("dead").asLong()).isEqualTo(1);
        JsonNode hour = all.get("throughput").get("lastHour");
        assertThat(hour.get("totals").get("succeeded").asLong()).isEqualTo(5);
        assertThat(hour.get("totals").get("dead").asLong()).isEqualTo(1);
        assertThat(hour.get("totals").get("failed").asLong()).as("the discarded attempt").isEqualTo(1);
        assertThat(hour.get("minutes")).singleElement().satisfies(m -> assertThat(m.get("succeeded").asLong()).isEqualTo(5));
        assertThat(hour.get("queues").get("default").get("succeeded").asLong()).isEqualTo(5);
        assertThat(all.get("throughput").get("lastDay").get("totals").get("succeeded").asLong()).isEqualTo(5);

        JsonNode a = tenantA.get("/v1/stats").json();
        assertThat(a.get("tenant").asText()).isEqualTo("tenant-a");
        assertThat(a.get("states").get("succeeded").asLong()).isEqualTo(3);
        assertThat(a.get("states").get("dead").asLong()).isZero();
        assertThat(a.get("throughput").get("lastHour").get("totals").get("succeeded").asLong()).isEqualTo(3);
        JsonNode other = tenantA.get("/v1/stats?tenant=tenant-b").json();
        assertThat(other.get("states").get("succeeded").asLong()).as("another tenant's jobs do not exist for it").isZero();
        assertThat(api.get("/v1/stats?tenant=tenant-a").json().get("states").get("succeeded").asLong()).isEqualTo(3);
    }

    @Test
    void needsTheReadScope() {
        assertProblem(api.as(null).get("/v1/stats"), 401);
        assertProblem(tokenFor(null, Scope.SUBMIT).get("/v1/stats"), 403);
        assertThat(tokenFor(null, Scope.READ).get("/v1/stats").status()).isEqualTo(200);
    }
}
