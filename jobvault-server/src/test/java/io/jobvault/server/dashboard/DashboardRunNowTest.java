package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.server.auth.Scope;
import io.jobvault.store.AuditEntry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job page's Run now: a delayed job runs at once (the same engine call as {@code POST /v1/jobs/{id}/run-now}),
 * audited via the dashboard; shown only to sessions that may submit, only for waiting jobs.
 */
class DashboardRunNowTest extends DashboardTestBase {
    private static final String LATER = "{\"type\": \"test.ok\", \"delay\": \"1h\"}";

    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void aDelayedJobRunsNowFromItsPageAndItIsAudited() {
        String id = submit(LATER);
        Browser b = browser();
        b.signIn(token(null, Scope.READ, Scope.SUBMIT));
        Browser.Page page = b.get("/jobs/" + id);
        assertThat(page.body()).contains("id=\"action-run-now\"");

        Browser.Page done = b.post("/jobs/" + id + "/run-now", Map.of("_csrf", page.csrf()));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(done.header("Location")).isEqualTo("/jobs/" + id + "?done=run-now");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("succeeded")); // the clock stands still: only run-now made it due
        AuditEntry entry = server.jobvault().auditLog(0, 1).getFirst();
        assertThat(entry.action() + " " + entry.target()).isEqualTo("job.run-now job:" + id);
        assertThat(entry.details()).isEqualTo("{\"via\":\"dashboard\"}");
        assertThat(b.get("/jobs/" + id + "?done=run-now").body()).contains("Made due now").doesNotContain("id=\"action-run-now\"");
        assertThat(b.post("/jobs/" + id + "/run-now", Map.of("_csrf", page.csrf())).status()).as("a finished job").isEqualTo(409);
    }

    @Test
    void aReadSessionSeesNoRunNowAndItsForgedPostIsRefused() {
        String id = submit(LATER);
        Browser b = browser();
        b.signIn(token(null, Scope.READ));
        Browser.Page page = b.get("/jobs/" + id);
        assertThat(page.body()).doesNotContain("id=\"action-run-now\"");
        assertThat(b.post("/jobs/" + id + "/run-now", Map.of("_csrf", page.csrf())).status()).isEqualTo(403);
        Browser other = browser();
        other.signIn(token("acme", Scope.SUBMIT, Scope.READ));
        assertThat(other.post("/jobs/" + id + "/run-now", Map.of("_csrf", other.get("/jobs").csrf())).status())
                .as("another tenant's job").isEqualTo(404);
        assertThat(state(id)).isEqualTo("scheduled");
    }

    @Test
    void theApiRunsAWaitingJobNowAndRefusesOthers() {
        String id = submit(LATER);
        var r = api("POST", "/v1/jobs/" + id + "/run-now", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r.body()).get("state").asText()).isEqualTo("available");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("succeeded"));
        var again = api("POST", "/v1/jobs/" + id + "/run-now", null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(json(again.body()).get("detail").asText()).contains("only SCHEDULED or RETRYING jobs can be run now");
        assertThat(api("POST", "/v1/jobs/01940a7e-8f2c-7c1e-9a3b-5f6d7e8f9a0b/run-now", null).statusCode()).isEqualTo(404);
        assertThat(server.jobvault().auditLog(0, 5)).extracting(e -> e.action() + " " + e.details()).contains("job.run-now null");
    }
}
