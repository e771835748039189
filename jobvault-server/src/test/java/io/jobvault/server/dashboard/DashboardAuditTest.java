package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.server.auth.Scope;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /audit}: the log newest first, paged by entry id, values escaped; admin sign-ins bound to no tenant only. */
class DashboardAuditTest extends DashboardTestBase {

    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void anAdminReadsTheLogNewestFirstPageByPage() {
        for (int i = 0; i < AuditPage.PAGE + 5; i++) {
            server.jobvault().audit("token:t" + i, "schedule.trigger", "schedule:s" + i, i == 0 ? "<script>x</script>" : null, null);
        }
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page first = b.get("/audit");
        assertThat(first.status()).isEqualTo(200);
        String body = first.body();
        assertThat(body.indexOf("schedule:s54")).as("newest first").isLessThan(body.indexOf("schedule:s10")).isPositive();
        assertThat(body).doesNotContain("schedule:s4<").contains("id=\"audit-older\"");
        String older = body.substring(body.indexOf("/audit?before="), body.indexOf('"', body.indexOf("/audit?before=")));
        Browser.Page second = b.get(older);
        assertThat(second.body()).contains("schedule:s0<").contains("&lt;script&gt;x&lt;/script&gt;").doesNotContain("<script>x")
                .doesNotContain("id=\"audit-older\"").contains("id=\"audit-newest\"");
        assertThat(b.get("/audit?before=nope").status()).isEqualTo(400);
    }

    @Test
    void aDashboardActionIsInTheLog() {
        String id = submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        assertThat(b.post("/jobs/" + id + "/cancel", Map.of("_csrf", b.get("/jobs/" + id).csrf())).status()).isEqualTo(303);
        assertThat(b.get("/audit").body()).contains("job.cancel").contains("job:" + id).contains("dashboard");
    }

    @Test
    void aNonAdminOrTenantBoundSessionCannotReadIt() {
        server.jobvault().audit("token:x", "queue.pause", "queue:default", null, null);
        Browser reader = browser();
        reader.signIn(token(null, Scope.READ, Scope.SUBMIT));
        Browser.Page refused = reader.get("/audit");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("id=\"audit-forbidden\"").doesNotContain("queue:default");
        Browser tenantAdmin = browser();
        tenantAdmin.signIn(token("acme", Scope.ADMIN));
        assertThat(tenantAdmin.get("/audit").status()).isEqualTo(403);
    }
}
