package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Scope;
import io.jobvault.server.auth.Tokens;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens, scopes and tenants: who may do what, and what another tenant's jobs look like (absent). */
class AuthTest extends ServerTestBase {

    private ApiClient tokenFor(String tenant, Scope... scopes) {
        Tokens.Issued issued = server.tokens().create("test", tenant, Set.of(scopes));
        return api.as(issued.secret());
    }

    @Test
    void noTokenOrAnUnknownOneIs401AndHealthNeedsNone() {
        ApiClient.Response r = assertProblem(api.as(null).get("/v1/jobs"), 401);
        assertThat(r.json().get("hint").asText()).contains("Bearer");
        assertProblem(api.as("jv_not-a-real-token").get("/v1/jobs"), 401);
        assertProblem(api.as(null).post("/v1/jobs", "{\"type\": \"test.ok\"}"), 401);
        assertThat(api.as(null).get("/health/live").status()).isEqualTo(200);
        assertThat(api.as(null).get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void aSigExcusesOnlyTheSignedArtifactDownloadFromTheToken() {
        ApiClient anonymous = api.as(null);
        // "artifacts" in another route's path, or a link without its expiry, is an ordinary request: it needs a token
        assertProblem(anonymous.get("/v1/schedules/artifacts/fires?sig=x"), 401);
        assertProblem(anonymous.get("/v1/schedules/artifacts/fires?sig=x&expires=1"), 401);
        assertProblem(anonymous.get("/v1/jobs/artifacts/?sig=x&expires=1"), 401);
        String id = api.post("/v1/jobs", "{\"type\": \"test.ok\", \"delay\": \"1h\"}").json().get("id").asText();
        assertProblem(anonymous.get("/v1/jobs/" + id + "/artifacts/data.bin?sig=x"), 401);
        assertProblem(anonymous.post("/v1/jobs/" + id + "/artifacts/data.bin?sig=x&expires=1", ""), 401);
        assertProblem(anonymous.get("/v1/jobs/" + id + "/artifacts/data.bin?sig=x&expires=1"), 403); // the link's check
    }

    @Test
    void aHandlerReachedWithoutAuthenticationAnswers401NotAServerError() {
        Javalin bare = Javalin.create(c -> {
            ProblemRenderer.register(c.routes);
            c.routes.get("/needs-token", ctx -> ctx.result(Authenticator.require(ctx, Scope.READ).toString()));
        }).start("127.0.0.1", 0);
        try {
            ApiClient.Response r = assertProblem(new ApiClient(bare.port(), null).get("/needs-token"), 401);
            assertThat(r.json().get("hint").asText()).contains("Bearer");
        } finally {
            bare.stop();
        }
    }

    @Test
    void aMissingScopeIs403() {
        ApiClient reader = tokenFor(null, Scope.READ);
        ApiClient submitter = tokenFor(null, Scope.SUBMIT);
        assertProblem(reader.post("/v1/jobs", "{\"type\": \"test.ok\"}"), 403);
        String id = submitter.post("/v1/jobs", "{\"type\": \"test.ok\", \"delay\": \"1h\"}").json().get("id").asText();
        assertProblem(submitter.get("/v1/jobs/" + id), 403);
        assertThat(reader.get("/v1/jobs/" + id).status()).isEqualTo(200);
        assertProblem(reader.post("/v1/jobs/" + id + "/cancel", ""), 403);
    }

    @Test
    void aRevokedTokenIs401() {
        Tokens.Issued issued = server.tokens().create("short-lived", null, Set.of(Scope.READ));
        assertThat(api.as(issued.secret()).get("/v1/jobs").status()).isEqualTo(200);
        server.tokens().revoke(issued.token().id());
        assertProblem(api.as(issued.secret()).get("/v1/jobs"), 401);
    }

    @Test
    void aTokenRevokedByAnotherProcessStopsWorkingWithinTheCacheTime() {
        Tokens.Issued issued = server.tokens().create("cached", null, Set.of(Scope.READ));
        assertThat(api.as(issued.secret()).get("/v1/jobs").status()).isEqualTo(200);
        try (var sameFile = io.jobvault.store.sqlite.SqliteJobStore.open(dir.resolve("jobvault.db"))) {
            new Tokens(sameFile, clock, null).revoke(issued.token().id()); // e.g. ./jobvault token revoke
        }
        assertThat(api.as(issued.secret()).get("/v1/jobs").status()).isEqualTo(200); // still cached here
        clock.advance(Duration.ofSeconds(6));
        assertProblem(api.as(issued.secret()).get("/v1/jobs"), 401);
    }

    @Test
    void aTenantTokenSeesOnlyItsTenantsJobsOnEveryEndpoint() {
        ApiClient a = tokenFor("tenant-a", Scope.SUBMIT, Scope.READ);
        ApiClient b = tokenFor("tenant-b", Scope.SUBMIT, Scope.READ);
        String jobOfB = b.post("/v1/jobs", "{\"type\": \"test.dead\"}").json().get("id").asText();
        assertThat(b.get("/v1/jobs/" + jobOfB + "?wait=30s").json().get("state").asText()).isEqualTo("dead");
        assertThat(b.get("/v1/jobs/" + jobOfB).json().get("tenant").asText()).isEqualTo("tenant-b");

        assertProblem(a.get("/v1/jobs/" + jobOfB), 404);
        assertProblem(a.get("/v1/jobs/" + jobOfB + "?wait=1s"), 404);
        assertProblem(a.get("/v1/jobs/" + jobOfB + "/attempts"), 404);
        assertProblem(a.post("/v1/jobs/" + jobOfB + "/retry", ""), 404);
        assertProblem(a.post("/v1/jobs/" + jobOfB + "/cancel", ""), 404);
        assertThat(a.get("/v1/jobs").json().get("items")).isEmpty();
        assertThat(a.get("/v1/jobs?tenant=tenant-b").json().get("items")).isEmpty();
        assertProblem(a.post("/v1/jobs", "{\"type\": \"test.ok\", \"tenant\": \"tenant-b\"}"), 422);

        ApiClient adminOfA = tokenFor("tenant-a", Scope.ADMIN);
        assertProblem(adminOfA.method("DELETE", "/v1/jobs/" + jobOfB), 404);
        assertProblem(adminOfA.get("/v1/jobs/" + jobOfB), 404);
        assertProblem(adminOfA.get("/v1/health"), 403);

        assertThat(b.get("/v1/jobs").json().get("items")).hasSize(1);
        assertThat(b.get("/v1/jobs/" + jobOfB).json().get("state").asText()).isEqualTo("dead"); // untouched
        assertThat(api.get("/v1/jobs?tenant=tenant-b").json().get("items")).hasSize(1); // an unbound admin sees all
    }

    @Test
    void theFirstStartCreatesOneAdminTokenOnlyWhenNoneIsConfigured() {
        // This server has an operator-set admin token, so nothing is created.
        assertThat(server.tokens().ensureAdmin()).isEmpty();
        try (SqliteJobStore sameFile = SqliteJobStore.open(dir.resolve("jobvault.db"))) {
            Tokens unconfigured = new Tokens(sameFile, clock, null); // a start without JOBVAULT_ADMIN_TOKEN
            String admin = unconfigured.ensureAdmin().orElseThrow();
            assertThat(unconfigured.ensureAdmin()).isEmpty();
            assertThat(api.as(admin).get("/v1/jobs").status()).isEqualTo(200);
        }
        assertThat(server.tokens().list()).extracting(t -> t.scopes()).contains(Set.of("admin"));
    }
}
