package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Per-job read tokens over real HTTP: what they open, and every way they are refused. */
class ReadTokenTest extends ServerTestBase {

    private String submitFinished(String type) {
        String id = api.post("/v1/jobs", "{\"type\": \"" + type + "\"}").json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + id + "?wait=30s").json().get("state").asText()).isEqualTo("succeeded");
        return id;
    }

    private String mint(ApiClient as, String id) {
        ApiClient.Response r = as.post("/v1/jobs/" + id + "/read-token", "");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    @Test
    void aReadTokenReadsItsJobItsEventsAndItsArtifacts() {
        String id = submitFinished("test.artifact");
        ApiClient.Response minted = api.post("/v1/jobs/" + id + "/read-token", "");
        assertThat(minted.status()).as(minted.raw()).isEqualTo(201);
        assertThat(minted.json().get("token").asText()).startsWith("jvr_");
        assertThat(Instant.parse(minted.json().get("expiresAt").asText()))
                .isEqualTo(Instant.ofEpochSecond(clock.instant().plus(Duration.ofMinutes(15)).getEpochSecond()));
        String token = minted.json().get("token").asText();
        ApiClient browser = api.as(token);

        assertThat(browser.get("/v1/jobs/" + id).json().get("state").asText()).isEqualTo("succeeded");
        ApiClient.Response events = browser.get("/v1/jobs/" + id + "/events");
        assertThat(events.status()).isEqualTo(200);
        assertThat(events.raw()).contains("event: state").contains("succeeded");
        ApiClient.Response artifact = browser.get("/v1/jobs/" + id + "/artifacts/data.bin");
        assertThat(artifact.status()).isEqualTo(200);
        assertThat(artifact.raw().getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(ARTIFACT_BYTES);
    }

    @Test
    void eventSourceMayPassItAsAccessTokenOnTheEventsStreamOnly() {
        String id = submitFinished("test.ok");
        String token = mint(api, id);
        ApiClient anonymous = api.as(null);
        ApiClient.Response events = anonymous.get("/v1/jobs/" + id + "/events?access_token=" + token);
        assertThat(events.status()).as(events.raw()).isEqualTo(200);
        assertThat(events.raw()).contains("succeeded");

        assertProblem(anonymous.get("/v1/jobs/" + id + "?access_token=" + token), 401);
        assertProblem(anonymous.get("/v1/jobs/" + id + "/artifacts/x?access_token=" + token), 401);
        // a long-lived API token never goes into a URL
        assertThat(assertProblem(anonymous.get("/v1/jobs/" + id + "/events?access_token=" + ADMIN_TOKEN), 401).json()
                .get("detail").asText()).contains("read token");
    }

    @Test
    void itOpensNothingElse() {
        String id = submitFinished("test.ok");
        String other = submitFinished("test.ok");
        ApiClient browser = api.as(mint(api, id));
        assertProblem(browser.get("/v1/jobs/" + other), 403);
        assertProblem(browser.get("/v1/jobs/" + other + "/events"), 403);
        assertProblem(browser.get("/v1/jobs"), 403);
        assertProblem(browser.get("/v1/jobs/" + id + "/attempts"), 403);
        assertProblem(browser.post("/v1/jobs/" + id + "/retry", ""), 403);
        assertProblem(browser.post("/v1/jobs/" + id + "/read-token", ""), 403);
        assertProblem(browser.post("/v1/jobs", "{\"type\": \"test.ok\"}"), 403);
        assertProblem(browser.get("/v1/schedules"), 403);
    }

    @Test
    void forgedAndExpiredTokensAreRefused() {
        String id = submitFinished("test.ok");
        String token = mint(api, id);
        char last = token.charAt(token.length() - 1);
        String forged = token.substring(0, token.length() - 1) + (last == '0' ? '1' : '0');
        assertProblem(api.as(forged).get("/v1/jobs/" + id), 401);
        assertProblem(api.as("jvr_garbage").get("/v1/jobs/" + id), 401);
        // a token for another job, re-signed by nobody: the payload is swapped, the signature kept
        String otherJob = submitFinished("test.ok");
        String otherToken = mint(api, otherJob);
        String spliced = otherToken.substring(0, otherToken.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        assertProblem(api.as(spliced).get("/v1/jobs/" + otherJob), 401);

        clock.advance(Duration.ofMinutes(15));
        assertThat(assertProblem(api.as(token).get("/v1/jobs/" + id), 401).json().get("detail").asText()).contains("expired");
    }

    @Test
    void revokingTheParentTokenKillsItsReadTokens() {
        var parent = server.tokens().create("backend", null, Set.of(Scope.SUBMIT));
        String id = submitFinished("test.ok");
        String token = mint(api.as(parent.secret()), id);
        assertThat(api.as(token).get("/v1/jobs/" + id).status()).isEqualTo(200);

        server.tokens().revoke(parent.token().id());

        assertThat(assertProblem(api.as(token).get("/v1/jobs/" + id), 401).json().get("detail").asText()).contains("revoked");
        assertProblem(api.as(null).get("/v1/jobs/" + id + "/events?access_token=" + token), 401);
    }

    @Test
    void mintingNeedsSubmitAndAJobTheCallerSees() {
        String id = submitFinished("test.ok");
        String reader = server.tokens().create("reader", null, Set.of(Scope.READ)).secret();
        assertProblem(api.as(reader).post("/v1/jobs/" + id + "/read-token", ""), 403);
        String otherTenant = server.tokens().create("tenant-a", "a", Set.of(Scope.SUBMIT)).secret();
        assertProblem(api.as(otherTenant).post("/v1/jobs/" + id + "/read-token", ""), 404);
        assertProblem(api.post("/v1/jobs/" + java.util.UUID.randomUUID() + "/read-token", ""), 404);
    }

    @Test
    void theTtlIsBounded() {
        String id = submitFinished("test.ok");
        ApiClient.Response twoHours = api.post("/v1/jobs/" + id + "/read-token", "{\"ttl\": \"2h\"}");
        assertThat(twoHours.status()).as(twoHours.raw()).isEqualTo(201);
        assertThat(Instant.parse(twoHours.json().get("expiresAt").asText()))
                .isEqualTo(Instant.ofEpochSecond(clock.instant().plus(Duration.ofHours(2)).getEpochSecond()));
        assertProblem(api.post("/v1/jobs/" + id + "/read-token", "{\"ttl\": \"30s\"}"), 422);
        assertProblem(api.post("/v1/jobs/" + id + "/read-token", "{\"ttl\": \"25h\"}"), 422);
        assertProblem(api.post("/v1/jobs/" + id + "/read-token", "{\"ttl\": 60}"), 422);
    }

    @Test
    void theSubmitAnswerCarriesOneWhenAsked() {
        ApiClient.Response plain = api.post("/v1/jobs", "{\"type\": \"test.ok\"}");
        assertThat(plain.json().has("readToken")).isFalse();
        ApiClient.Response r = api.post("/v1/jobs?readToken=true", "{\"type\": \"test.ok\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        String id = r.json().get("id").asText();
        String token = r.json().get("readToken").get("token").asText();
        assertThat(r.json().get("readToken").get("expiresAt").asText()).isNotBlank();
        assertThat(api.as(token).get("/v1/jobs/" + id).status()).isEqualTo(200);
        assertProblem(api.post("/v1/jobs?readToken=yes", "{\"type\": \"test.ok\"}"), 400);
    }
}
