package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.server.auth.Scope;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /queues}: each queue's figures and pause; pause and resume for admin sessions only, audited. */
class DashboardQueuesTest extends DashboardTestBase {
    private static final String LATER = "{\"type\": \"test.ok\", \"delay\": \"1h\"}";

    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void anAdminPausesAndResumesAQueueOnEveryNodeAndItIsAudited() {
        submit(LATER);
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page page = b.get("/queues");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"queue-default\"").contains("id=\"pause-default\"").contains("<td class=\"num\">1</td>");

        Browser.Page paused = b.post("/queues/default/pause", Map.of("_csrf", page.csrf()));
        assertThat(paused.status()).isEqualTo(303);
        assertThat(server.jobvault().pausedQueues()).containsKey("default");
        Browser.Page after = b.get("/queues?done=pause&queue=default");
        assertThat(after.body()).contains("id=\"resume-default\"").contains(">paused</span> since <time datetime=").contains("id=\"action-done\"");

        assertThat(b.post("/queues/default/resume", Map.of("_csrf", after.csrf())).status()).isEqualTo(303);
        assertThat(server.jobvault().pausedQueues()).doesNotContainKey("default");
        assertThat(server.jobvault().auditLog(0, 10)).extracting(e -> e.action() + " " + e.target())
                .contains("queue.pause queue:default", "queue.resume queue:default");
    }

    @Test
    void aReadSessionSeesNoButtonsAndItsPauseIsRefused() {
        submit(LATER);
        Browser b = browser();
        b.signIn(token(null, Scope.READ, Scope.SUBMIT));
        Browser.Page page = b.get("/queues");
        assertThat(page.body()).contains("id=\"queue-default\"").doesNotContain("id=\"pause-default\"");
        assertThat(b.post("/queues/default/pause", Map.of("_csrf", page.csrf())).status()).isEqualTo(403);
        assertThat(b.post("/queues/default/pause", Map.of()).status()).as("no CSRF token").isEqualTo(403);
        assertThat(server.jobvault().pausedQueues()).isEmpty();
    }

    @Test
    void aTenantBoundSessionSeesNoQueuesAndCannotPauseOne() {
        submit(LATER);
        Browser b = browser();
        b.signIn(token("acme", Scope.ADMIN));
        Browser.Page page = b.get("/queues");
        assertThat(page.body()).contains("id=\"tenant-note\"").doesNotContain("id=\"queue-default\"");
        assertThat(b.post("/queues/default/pause", Map.of("_csrf", page.csrf())).status()).isEqualTo(403);
        assertThat(server.jobvault().pausedQueues()).isEmpty();
    }
}
