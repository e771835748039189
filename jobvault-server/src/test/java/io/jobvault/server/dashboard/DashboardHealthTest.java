package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.health.HealthReportJob;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /health-report}: GET /v1/health for people, admin sign-ins bound to no tenant only; concerns in words; the
 * newest daily report with a Re-run button per fire it names.
 */
class DashboardHealthTest extends DashboardTestBase {
    /** A report job's result as {@link HealthReportJob} writes it, naming a fire of schedule r whose keys missed. */
    private static final String REPORT = """
            {"report": "health-report@2030-01-02T06:00:00Z", "findings": [{"key": "health.missed-keys:r", "rule": "health.missed-keys",
             "severity": "CRITICAL", "title": "2 key(s) of r <b>missed</b> their run",
             "message": "The health report found acme (fire 2030-01-01T05:00:00Z, never ran) without a successful run.",
             "hint": "re-run them with ./jobvault schedules trigger r --reason '…'",
             "context": {"schedule": "r", "keys": "acme,globex", "missing": "2", "fires": "2030-01-01T05:00:00Z"}}]}""";

    @Override
    void node(JobvaultBuilder b) {
        b.handler(HealthReportJob.JOB_TYPE, ctx -> JobOutcome.success(REPORT));
    }

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

    @Test
    void theNewestReportShowsEscapedWithAReRunButtonPerFireThatIsAudited() {
        assertThat(api("PUT", "/v1/schedules/r", """
                {"cron": "0 5 * * *", "job": {"type": "test.ok"}, "keys": ["acme", "globex"], "misfire": "skip"}""").statusCode()).isEqualTo(201);
        clock.set(Instant.parse("2030-01-02T12:00:00Z")); // both days' 05:00 fires pass with no node up to run them
        await().atMost(Duration.ofSeconds(20)).until(() -> server.jobvault().schedules().fires("r", null, 5).size() == 2);
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        assertThat(b.get("/health-report").body()).contains("id=\"report-none\"").doesNotContain("id=\"report-findings\"");

        String report = submit("{\"type\": \"" + HealthReportJob.JOB_TYPE + "\"}");
        await().atMost(Duration.ofSeconds(20)).until(() -> state(report).equals("succeeded"));
        Browser.Page page = b.get("/health-report");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"report-made\"", "href=\"/jobs/" + report + "\"", "id=\"report-findings\"",
                        "2 key(s) of r &lt;b&gt;missed&lt;/b&gt; their run", "id=\"report-rerun-1\"", "action=\"/schedules/r/trigger\"",
                        "name=\"fire\" value=\"2030-01-01T05:00:00Z\"")
                .doesNotContain("<b>missed</b>", "id=\"report-none\"", "id=\"report-now\"");

        Browser reader = browser();
        reader.signIn(token(null, Scope.READ));
        Browser.Page readPage = reader.get("/health-report");
        assertThat(readPage.body()).doesNotContain("report-rerun-");
        assertThat(reader.post("/schedules/r/trigger", Map.of("_csrf", readPage.csrf(), "reason", "forged", "fire", "2030-01-01T05:00:00Z"))
                .status()).as("a read session's forged re-run").isEqualTo(403);

        Instant dayOne = Instant.parse("2030-01-01T05:00:00Z");
        Browser.Page done = b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", "the report said so", "fire", dayOne.toString()));
        assertThat(done.status()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.jobvault().schedules().fires("r", dayOne.plusMillis(1), 1)
                .getFirst().complete());
        assertThat(server.jobvault().auditLog(0, 1).getFirst().details()).contains("\"rerunOf\":\"2030-01-01T05:00:00Z\"", "\"via\":\"dashboard\"");
    }
}
