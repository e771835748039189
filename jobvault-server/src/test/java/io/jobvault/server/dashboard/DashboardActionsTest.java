package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.server.auth.Scope;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The job page's buttons: who sees them, and that forged or unauthorized posts change nothing. */
class DashboardActionsTest extends DashboardTestBase {
    private static final String LATER = "{\"type\": \"test.ok\", \"delay\": \"1h\"}";

    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void aForgedPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        String id = submit(LATER);
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        String csrf = b.get("/jobs/" + id).csrf();

        assertThat(b.post("/jobs/" + id + "/cancel", Map.of()).status()).as("no token").isEqualTo(403);
        assertThat(b.post("/jobs/" + id + "/cancel", Map.of("_csrf", "0".repeat(64))).status()).as("a wrong token").isEqualTo(403);
        assertThat(b.post("/jobs/" + id + "/cancel", Map.of("_csrf", csrf), "https://evil.example").status())
                .as("the right token from another origin").isEqualTo(403);
        assertThat(state(id)).isEqualTo("scheduled");

        Browser.Page done = b.post("/jobs/" + id + "/cancel", Map.of("_csrf", csrf));
        assertThat(done.status()).as(done.body()).isEqualTo(303);
        assertThat(done.header("Location")).isEqualTo("/jobs/" + id + "?done=cancel");
        assertThat(state(id)).isEqualTo("cancelled");
        assertThat(b.get("/jobs/" + id + "?done=cancel").body()).contains("id=\"action-done\"").contains("id=\"action-retry\"");
    }

    @Test
    void aPostWithoutASessionIsRefused() {
        String id = submit(LATER);
        assertThat(browser().post("/jobs/" + id + "/cancel", Map.of("_csrf", "x")).status()).isEqualTo(401);
        assertThat(state(id)).isEqualTo("scheduled");
    }

    @Test
    void aReadScopeSessionSeesNoActionButtonsAndItsPostsAreRefused() {
        String id = submit(LATER);
        Browser b = browser();
        b.signIn(token(null, Scope.READ));
        Browser.Page page = b.get("/jobs/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"read-only\"").doesNotContain("id=\"job-actions\"")
                .doesNotContain("action-cancel").doesNotContain("action-delete");

        String csrf = page.csrf(); // the sign-out form's: a valid token of this session
        assertThat(b.post("/jobs/" + id + "/cancel", Map.of("_csrf", csrf)).status()).isEqualTo(403);
        assertThat(b.post("/jobs/" + id + "/delete", Map.of("_csrf", csrf)).status()).isEqualTo(403);
        assertThat(state(id)).isEqualTo("scheduled");
    }

    @Test
    void aSubmitTokenMayCancelButNotDeleteAndAnAdminMayDelete() {
        String id = submit(LATER);
        Browser submitter = browser();
        submitter.signIn(token(null, Scope.READ, Scope.SUBMIT));
        Browser.Page page = submitter.get("/jobs/" + id);
        assertThat(page.body()).contains("id=\"action-cancel\"").doesNotContain("id=\"action-delete\"").doesNotContain("id=\"read-only\"");
        assertThat(submitter.post("/jobs/" + id + "/delete", Map.of("_csrf", page.csrf())).status()).isEqualTo(403);

        Browser admin = browser();
        admin.signIn(ADMIN_TOKEN);
        Browser.Page adminPage = admin.get("/jobs/" + id);
        assertThat(adminPage.body()).contains("id=\"action-cancel\"").contains("id=\"action-delete\"");
        Browser.Page deleted = admin.post("/jobs/" + id + "/delete", Map.of("_csrf", adminPage.csrf()));
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(api("GET", "/v1/jobs/" + id, null).statusCode()).isEqualTo(410);
        assertThat(admin.get("/jobs/" + id).status()).isEqualTo(410);
        assertThat(api("GET", "/v1/audit", null).body()).contains("job.delete").contains("dashboard");
    }

    @Test
    void aTenantBoundSessionSeesOnlyItsTenant() {
        String ours = submit("{\"type\": \"test.ok\", \"delay\": \"1h\", \"tenant\": \"acme\"}");
        String theirs = submit("{\"type\": \"test.ok\", \"delay\": \"1h\", \"tenant\": \"globex\"}");
        Browser b = browser();
        b.signIn(token("acme", Scope.READ, Scope.SUBMIT));

        Browser.Page list = b.get("/jobs?tenant=globex");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(ours).doesNotContain(theirs);
        assertThat(b.get("/jobs/" + theirs).status()).isEqualTo(404);
        assertThat(b.get("/jobs/" + ours).status()).isEqualTo(200);
        assertThat(b.post("/jobs/" + theirs + "/cancel", Map.of("_csrf", list.csrf())).status()).isEqualTo(404);
        assertThat(state(theirs)).isEqualTo("scheduled");
        assertThat(b.get("/").body()).as("its own tenant's counts, and nothing that spans tenants").contains("id=\"tenant-note\"")
                .containsPattern("id=\"total-scheduled\"><a [^>]+>1<").doesNotContain("id=\"alerts-h\"").doesNotContain("id=\"nodes-h\"");
    }
}
