package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.server.auth.Scope;
import io.jobvault.server.auth.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/jobs/bulk}: a preview counts and changes nothing; an operation is stored, run by the leader in the
 * background, audited; bad input and missing scopes change nothing.
 */
class BulkApiTest extends ServerTestBase {

    private ApiClient tokenFor(String tenant, Scope... scopes) {
        Tokens.Issued issued = server.tokens().create("test", tenant, Set.of(scopes));
        return api.as(issued.secret());
    }

    /** Jobs in a queue no node works, so they wait: remote.work is a type the server knows (--types). */
    private List<String> parked(ApiClient as, int n, String labels) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ApiClient.Response r = as.post("/v1/jobs", "{\"type\":\"remote.work\",\"queue\":\"parked\",\"labels\":" + labels + "}");
            assertThat(r.status()).as(r.raw()).isEqualTo(202);
            ids.add(r.json().get("id").asText());
        }
        return ids;
    }

    private String state(String id) {
        return api.get("/v1/jobs/" + id).json().get("state").asText();
    }

    private int auditSize() {
        return api.get("/v1/audit?limit=1000").json().get("items").size();
    }

    @Test
    void aPreviewCountsTheMatchesAndChangesNothing() {
        parked(api, 3, "{\"batch\":\"x\"}");
        parked(api, 2, "{\"batch\":\"y\"}");
        int audited = auditSize();

        ApiClient.Response r = api.post("/v1/jobs/bulk",
                "{\"action\":\"cancel\",\"filter\":{\"label\":\"batch=x\",\"state\":\"available\"},\"preview\":true}");

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("matched").asLong()).isEqualTo(3);
        assertThat(r.json().get("atLeast").asBoolean()).isFalse();
        assertThat(api.get("/v1/jobs?state=available&queue=parked").json().get("items")).hasSize(5);
        assertThat(auditSize()).isEqualTo(audited);
    }

    @Test
    void aCancelByFilterRunsInTheBackgroundReportsProgressAndIsAudited() {
        List<String> x = parked(api, 4, "{\"batch\":\"x\"}");
        List<String> y = parked(api, 2, "{\"batch\":\"y\"}");

        ApiClient.Response r = api.post("/v1/jobs/bulk", "{\"action\":\"cancel\",\"filter\":{\"label\":\"batch=x\"}}");

        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        assertThat(r.location()).isEqualTo("/v1/jobs/bulk/" + r.json().get("id").asText());
        assertThat(r.json().get("state").asText()).isEqualTo("running");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(r.location()).json().get("state").asText().equals("done"));
        JsonNode op = api.get(r.location()).json();
        assertThat(op.get("matched").asLong()).isEqualTo(4);
        assertThat(op.get("done").asLong()).isEqualTo(4);
        assertThat(op.get("filter").get("label").asText()).isEqualTo("batch=x");
        assertThat(x).allSatisfy(id -> assertThat(state(id)).isEqualTo("cancelled"));
        assertThat(y).allSatisfy(id -> assertThat(state(id)).isEqualTo("available"));
        JsonNode audit = api.get("/v1/audit").json().get("items");
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("jobs.bulk.cancel", "jobs.bulk.done");

        ApiClient.Response stopped = api.post(r.location() + "/stop", "");
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        assertThat(stopped.json().get("state").asText()).as("a done operation stays done").isEqualTo("done");
    }

    @Test
    void badInputIsRefusedWithProblemDetailsAndChangesNothing() {
        List<String> ids = parked(api, 2, "{\"batch\":\"x\"}");
        int audited = auditSize();
        for (String body : List.of("{\"action\":\"explode\",\"filter\":{}}", "{\"filter\":{}}", "{\"action\":\"cancel\"}",
                "{\"action\":\"cancel\",\"filter\":[]}", "{\"action\":\"cancel\",\"filter\":{\"stat\":\"dead\"}}",
                "{\"action\":\"cancel\",\"filter\":{\"state\":\"gone\"}}", "{\"action\":\"cancel\",\"filter\":{\"label\":\"novalue\"}}",
                "{\"action\":\"cancel\",\"filter\":{\"createdFrom\":\"yesterday\"}}", "{\"action\":\"cancel\",\"filter\":{\"id\":\"42\"}}",
                "{\"action\":\"cancel\",\"filter\":{\"queue\":7}}", "{\"action\":\"cancel\",\"filter\":{},\"preview\":\"yes\"}",
                "{\"action\":\"cancel\",\"filter\":{},\"extra\":1}")) {
            ApiClient.Response r = assertProblem(api.post("/v1/jobs/bulk", body), 422);
            assertThat(r.json().get("errors")).as(body).isNotEmpty();
        }
        assertProblem(api.post("/v1/jobs/bulk", "not json"), 400);
        assertProblem(api.get("/v1/jobs/bulk/not-an-id"), 404);
        assertProblem(api.get("/v1/jobs/bulk/0193a5b0-0000-7000-8000-000000000000"), 404);
        assertProblem(api.post("/v1/jobs/bulk/0193a5b0-0000-7000-8000-000000000000/stop", ""), 404);
        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo("available"));
        assertThat(auditSize()).as("refused requests audit nothing").isEqualTo(audited);
    }

    @Test
    void scopesMatchTheSingleJobActionsAndATenantTokenActsOnItsTenantOnly() {
        ApiClient reader = tokenFor(null, Scope.READ);
        ApiClient submitter = tokenFor(null, Scope.SUBMIT, Scope.READ);
        List<String> ids = parked(api, 2, "{\"batch\":\"x\"}");
        assertProblem(reader.post("/v1/jobs/bulk", "{\"action\":\"cancel\",\"filter\":{}}"), 403);
        assertProblem(submitter.post("/v1/jobs/bulk", "{\"action\":\"delete\",\"filter\":{}}"), 403);
        assertProblem(submitter.post("/v1/jobs/bulk", "{\"action\":\"delete\",\"filter\":{},\"preview\":true}"), 403);
        assertThat(ids).allSatisfy(id -> assertThat(state(id)).isEqualTo("available"));

        ApiClient tenantA = tokenFor("a", Scope.SUBMIT, Scope.READ);
        List<String> ofA = parked(tenantA, 2, "{\"batch\":\"x\"}");
        assertProblem(tenantA.post("/v1/jobs/bulk", "{\"action\":\"cancel\",\"filter\":{\"tenant\":\"b\"}}"), 422);
        ApiClient.Response preview = tenantA.post("/v1/jobs/bulk", "{\"action\":\"cancel\",\"filter\":{},\"preview\":true}");
        assertThat(preview.json().get("matched").asLong()).isEqualTo(2);
        ApiClient.Response r = tenantA.post("/v1/jobs/bulk", "{\"action\":\"cancel\",\"filter\":{\"label\":\"batch=x\"}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> tenantA.get(r.location()).json().get("state").asText().equals("done"));
        assertThat(ofA).allSatisfy(id -> assertThat(state(id)).isEqualTo("cancelled"));
        assertThat(ids).as("untenanted jobs are another tenant's").allSatisfy(id -> assertThat(state(id)).isEqualTo("available"));
        assertProblem(tokenFor("b", Scope.READ).get(r.location()), 404);

        ApiClient.Response deleted = api.post("/v1/jobs/bulk", "{\"action\":\"delete\",\"filter\":{\"queue\":\"parked\"}}");
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(deleted.location()).json().get("state").asText().equals("done"));
        assertThat(ids).allSatisfy(id -> assertThat(api.get("/v1/jobs/" + id).status()).isEqualTo(410));
    }
}
