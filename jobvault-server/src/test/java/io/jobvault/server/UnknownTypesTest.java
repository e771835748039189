package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.server.auth.Scope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A submit over HTTP of a type nothing runs is refused with 422 naming it and the known types; a type is known when
 * this or another live node has a handler for it, a remote worker declared it, a schedule's template names it, or
 * the operator listed it. The base server lists remote.work and remote.limited (as --types would).
 */
class UnknownTypesTest extends ServerTestBase {

    private ApiClient worker(String tenant) {
        return api.as(server.tokens().create("w", tenant, Set.of(Scope.WORK, Scope.SUBMIT, Scope.READ)).secret());
    }

    private static ApiClient.Response submit(ApiClient as, String type) {
        return as.post("/v1/jobs", "{\"type\": \"" + type + "\", \"queue\": \"remote\"}");
    }

    @Test
    void aMisspelledTypeIsRefusedNamingItAndTheKnownOnesAndNothingIsStored() {
        ApiClient.Response r = assertProblem(submit(api, "demo.reprot"), 422);
        assertThat(r.json().get("detail").asText()).contains("'demo.reprot'").contains("demo.report", "remote.work", "test.ok");
        assertThat(r.json().get("hint").asText()).contains("POST /v1/workers/types", "--types", "--accept-unknown-types");
        assertThat(r.json().get("errors").get(0).asText()).startsWith("type:");
        assertThat(api.get("/v1/jobs?type=demo.reprot").json().get("items")).isEmpty();

        assertThat(submit(api, "demo.report").status()).as("a handler of this node").isEqualTo(202);
        assertThat(submit(api, "remote.work").status()).as("listed by the operator").isEqualTo(202);
    }

    @Test
    void aTypeAWorkerDeclaresIsAcceptedAtOnceOnStartAndOnClaim() {
        ApiClient w = worker(null);
        assertProblem(submit(w, "video.render"), 422); // this node has just read the known types
        ApiClient.Response declared = w.post("/v1/workers/types", "{\"types\": [\"video.render\"]}");
        assertThat(declared.status()).as(declared.raw()).isEqualTo(200);
        assertThat(declared.json().get("keptFor").asText()).isEqualTo("PT24H");
        // the clock has not moved, so the node's copy is still fresh: only the re-read on a miss can accept it
        assertThat(submit(w, "video.render").status()).isEqualTo(202);

        assertProblem(submit(w, "audio.mix"), 422);
        w.post("/v1/workers/claim", "{\"queues\": [\"elsewhere\"], \"types\": [\"audio.mix\"]}");
        assertThat(submit(w, "audio.mix").status()).isEqualTo(202);

        assertProblem(w.post("/v1/workers/types", "{\"types\": [\"bad type!\"]}"), 422);
        assertProblem(w.post("/v1/workers/types", "{}"), 422);
    }

    @Test
    void aWorkersDeclarationStopsCountingAfter24Hours() {
        ApiClient w = worker(null);
        w.post("/v1/workers/types", "{\"types\": [\"video.render\"]}");
        clock.advance(Duration.ofHours(23));
        assertThat(submit(w, "video.render").status()).isEqualTo(202);
        clock.advance(Duration.ofHours(2));
        assertProblem(submit(w, "video.render"), 422);
    }

    @Test
    void aTenantsWorkersMakeTypesKnownForThatTenantOnly() {
        ApiClient acme = worker("acme");
        ApiClient globex = worker("globex");
        acme.post("/v1/workers/types", "{\"types\": [\"acme.export\"]}");
        assertThat(submit(acme, "acme.export").status()).isEqualTo(202);
        ApiClient.Response refused = assertProblem(submit(globex, "acme.export"), 422);
        ApiClient.Response other = assertProblem(submit(globex, "nothing.runs.this"), 422);
        assertThat(other.json().get("detail").asText()).as("another tenant's types are never listed").doesNotContain("acme.export");
        assertThat(refused.json().get("detail").asText()).contains("'acme.export'");
    }

    @Test
    void aSchedulesTemplateMakesItsTypeKnown() {
        assertProblem(submit(api, "report.nightly"), 422);
        ApiClient.Response put = api.put("/v1/schedules/nightly", """
                {"cron": "0 2 * * *", "job": {"type": "report.nightly", "queue": "remote"}}""".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(put.status()).as(put.raw()).isIn(200, 201);
        assertThat(submit(api, "report.nightly").status()).isEqualTo(202);
    }

    @Test
    void withAcceptUnknownTypesEveryTypeIsAccepted() {
        ServerConfig config = new ServerConfig("127.0.0.1", 0, 64 * 1024, "jdbc:sqlite:" + dir.resolve("accepting.db"), ADMIN_TOKEN)
                .acceptingUnknownTypes(true);
        try (JobvaultServer accepting = JobvaultServer.start(config, b -> b.nodeId("accepting").clock(clock).queue("default", 1))) {
            assertThat(submit(new ApiClient(accepting.port(), ADMIN_TOKEN), "demo.reprot").status()).isEqualTo(202);
        }
    }
}
