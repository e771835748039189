package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Jobvault;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /health-report}: GET /v1/health for people, admin sign-ins bound to no tenant only; concerns in words. */
class DashboardHealthTest extends DashboardTestBase {
    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void anAdminSeesTheHealthFiguresAndThatAllIsWell() {
        String done = submit("{\"type\": \"test.ok\"}");
        submit("{\"type\": \"test.ok\", \"delay\": \"1h\", \"queue\": \"later\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(done).equals("succeeded"));
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page page = b.get("/health-report");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"health-status\"", "id=\"health-summary\"", Jobvault.VERSION, "<span class=\"mono\">dash</span>",
                        "id=\"health-store\">up<", "liveness on the node's clock", "id=\"health-rates\"", "id=\"health-queues\"")
                .contains("<tr><th scope=\"row\">hour</th><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">100.00 %</td></tr>")
                .contains("<tr><th scope=\"row\" class=\"mono\">later</th><td class=\"num\">1</td>")
                .contains("id=\"nav-health\" href=\"/health-report\" aria-current=\"page\"");
        assertThat(b.get("/health").header("Content-Type")).as("the readiness probe stays as it was").startsWith("application/json");
    }

    @Test
    void readAndTenantBoundSessionsAreRefusedAsTheApiRefusesThem() {
        Browser reader = browser();
        reader.signIn(token(null, Scope.READ));
        assertThat(reader.get("/health-report").status()).isEqualTo(403);
        Browser tenant = browser();
        tenant.signIn(token("acme", Scope.ADMIN));
        Browser.Page page = tenant.get("/health-report");
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).contains("id=\"health-forbidden\"").doesNotContain("id=\"health-summary\"");
    }

    @Test
    void whatIsWrongIsSaidInWords() {
        var r = json("""
                {"node": "n1", "store": {"status": "cannot write", "cause": "disk I/O error", "diskFull": true},
                 "nodeIdLock": {"status": "lost", "since": "2030-01-01T00:00:00Z", "cause": "session ended"},
                 "clock": {"skewed": true, "skewSeconds": -301.5}, "artifacts": {"missing": 2}, "pruning": {"lagSeconds": 7300}}""");
        assertThat(HealthPage.concerns(r)).containsExactly(
                "The store cannot write (its disk is full): disk I/O error. Writes resume by themselves once it can.",
                "Node n1 lost its node id at 2030-01-01T00:00:00Z (session ended): it claims no jobs until it holds the id again.",
                "This node's clock is -5.0 min off the database's: leases are safe, but run-at times it records are off; synchronise it (NTP).",
                "2 artifact file(s) are missing from storage: their downloads fail.",
                "Pruning is 2.0 h behind: finished jobs stay past their retention.");
        assertThat(HealthPage.concerns(json("{\"store\": {\"status\": \"up\"}, \"nodeIdLock\": {\"status\": \"held\"}}"))).isEmpty();
    }
}
