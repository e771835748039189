package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.schedule.ScheduleInfo;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /schedules}: next and last fire, coverage and flags; trigger (one key or all, with a reason), pause and
 * resume for admin sessions only, through the API's engine calls and audited with {@code "via": "dashboard"}.
 */
class DashboardSchedulesTest extends DashboardTestBase {
    /** Fires at 05:00 UTC; its fires are missed (skip policy) when the clock jumps past them. */
    private static final String DAILY = """
            {"cron": "0 5 * * *", "job": {"type": "test.ok"}, "keys": ["acme", "glo<b>ex"], "misfire": "skip"}""";

    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    private void define(String id, String body) {
        assertThat(api("PUT", "/v1/schedules/" + id, body).statusCode()).isEqualTo(201);
    }

    @Test
    void theListShowsNextAndLastFireCoverageAndAMissedFire() {
        define("report.daily", DAILY);
        clock.set(Instant.parse("2030-01-02T12:00:00Z")); // both days' 05:00 fires pass with no node up to run them
        await().atMost(Duration.ofSeconds(20)).until(() -> server.jobvault().schedules().fires("report.daily", null, 5).size() == 2);
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);

        Browser.Page list = b.get("/schedules");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("id=\"schedule-report.daily\"", "cron 0 5 * * *", "0/2 succeeded", "2 never ran",
                "flag-missed", "<time datetime=\"2030-01-03T05:00:00Z\">", "id=\"trigger-all-form\"");

        Browser.Page detail = b.get("/schedules/report.daily");
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).contains("id=\"fires\"", "id=\"trigger-form\"", "id=\"schedule-pause\"", "never ran: <span class=\"mono\">acme glo&lt;b&gt;ex")
                .contains("<option value=\"glo&lt;b&gt;ex\">").doesNotContain("glo<b>ex");
        assertThat(b.get("/schedules/nope").status()).isEqualTo(404);
        assertThat(b.get("/schedules/report.daily?before=yesterday").status()).isEqualTo(400);
    }

    @Test
    void aFireThatMissedItsKeysIsReRunFromItsRowAndCountsForThatFire() {
        define("r", DAILY);
        clock.set(Instant.parse("2030-01-02T12:00:00Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> server.jobvault().schedules().fires("r", null, 5).size() == 2);
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page page = b.get("/schedules/r");
        Instant dayOne = Instant.parse("2030-01-01T05:00:00Z");
        assertThat(page.body()).contains("id=\"rerun-" + dayOne.toEpochMilli() + "-form\"", "value=\"2030-01-01T05:00:00Z\"");

        assertThat(b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", "x", "fire", "yesterday")).status()).isEqualTo(422);
        Browser.Page done = b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", "day one never ran",
                "fire", "2030-01-01T05:00:00Z"));
        assertThat(done.status()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.jobvault().schedules().fires("r", dayOne.plusMillis(1), 1)
                .getFirst().complete());
        assertThat(server.jobvault().auditLog(0, 1).getFirst().details()).contains("\"rerunOf\":\"2030-01-01T05:00:00Z\"", "\"via\":\"dashboard\"");
        assertThat(b.get("/schedules/r").body()).doesNotContain("id=\"rerun-" + dayOne.toEpochMilli() + "-form\"")
                .contains("re-runs <time datetime=\"2030-01-01T05:00:00Z\">");
    }

    @Test
    void anAdminTriggersOneKeyWithAReasonAndItIsAuditedViaTheDashboard() {
        define("r", DAILY);
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page page = b.get("/schedules/r");

        Browser.Page noReason = b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", " ", "key", "acme"));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body()).contains("id=\"action-error\"", "reason: required");
        Browser.Page badKey = b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", "x", "key", "<initech>"));
        assertThat(badKey.status()).isEqualTo(422);
        assertThat(badKey.body()).contains("no key &#39;&lt;initech&gt;&#39;");
        assertThat(server.jobvault().auditLog(0, 10)).extracting(AuditEntry::action).doesNotContain("schedule.trigger");

        Browser.Page done = b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", "acme <missed> its report",
                "key", "acme", "fire", "none"));
        assertThat(done.status()).isEqualTo(303);
        assertThat(done.header("Location")).isEqualTo("/schedules/r?done=trigger");
        AuditEntry entry = server.jobvault().auditLog(0, 1).getFirst();
        assertThat(entry.action()).isEqualTo("schedule.trigger");
        assertThat(entry.reason()).isEqualTo("acme <missed> its report");
        assertThat(entry.details()).contains("\"via\":\"dashboard\"", "\"key\":\"acme\"");

        Browser.Page after = b.get("/schedules/r?done=trigger");
        assertThat(after.body()).contains("id=\"action-done\"", "acme &lt;missed&gt; its report", ">manual<");
        await().atMost(Duration.ofSeconds(20)).until(() -> b.get("/schedules/r").body().contains("1/1 succeeded"));
    }

    @Test
    void anAdminTriggersEverySchedulePausesAndResumes() {
        define("a", DAILY);
        define("b", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\"}}");
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page page = b.get("/schedules/a");

        assertThat(b.post("/schedules/a/pause", Map.of("_csrf", page.csrf())).status()).isEqualTo(303);
        assertThat(server.jobvault().schedules().get("a").map(ScheduleInfo::paused)).contains(true);
        assertThat(b.get("/schedules/a?done=pause").body()).contains("id=\"schedule-paused\"", "id=\"schedule-resume\"");

        Browser.Page all = b.post("/schedules/trigger-all", Map.of("_csrf", page.csrf(), "reason", "after the outage"));
        assertThat(all.status()).isEqualTo(303);
        assertThat(all.header("Location")).isEqualTo("/schedules?done=all&triggered=1"); // a is paused
        assertThat(b.get(all.header("Location")).body()).contains("Triggered 1 schedule(s)");

        assertThat(b.post("/schedules/a/resume", Map.of("_csrf", page.csrf())).status()).isEqualTo(303);
        assertThat(server.jobvault().schedules().get("a").map(ScheduleInfo::paused)).contains(false);
        List<AuditEntry> log = server.jobvault().auditLog(0, 10);
        assertThat(log).extracting(e -> e.action() + " " + e.target()).contains("schedule.pause schedule:a", "schedule.resume schedule:a",
                "schedule.trigger schedule:b");
        assertThat(log).filteredOn(e -> !e.action().equals("schedule.create")).allSatisfy(e -> assertThat(e.details()).contains("\"via\":\"dashboard\""));
        assertThat(b.post("/schedules/nope/pause", Map.of("_csrf", page.csrf())).status()).isEqualTo(404);
    }

    @Test
    void aReadSessionSeesNoFormsAndItsForgedPostsAreRefused() {
        define("r", DAILY);
        Browser b = browser();
        b.signIn(token(null, Scope.READ, Scope.SUBMIT));
        Browser.Page page = b.get("/schedules/r");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"schedule-summary\"").doesNotContain("id=\"trigger-form\"", "id=\"schedule-pause\"");
        assertThat(b.get("/schedules").body()).doesNotContain("id=\"trigger-all-form\"").doesNotContain("rerun-");
        assertThat(b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", "x")).status()).isEqualTo(403);
        assertThat(b.post("/schedules/r/pause", Map.of("_csrf", page.csrf())).status()).isEqualTo(403);
        assertThat(b.post("/schedules/trigger-all", Map.of("_csrf", page.csrf(), "reason", "x")).status()).isEqualTo(403);

        Browser admin = browser();
        admin.signIn(ADMIN_TOKEN);
        assertThat(admin.post("/schedules/r/trigger", Map.of("reason", "x")).status()).as("no CSRF token").isEqualTo(403);
        assertThat(admin.post("/schedules/r/trigger", Map.of("_csrf", admin.get("/schedules").csrf(), "reason", "x"),
                "http://evil.example").status()).as("another origin").isEqualTo(403);
        assertThat(server.jobvault().auditLog(0, 10)).extracting(AuditEntry::action).containsOnly("schedule.create");
        assertThat(server.jobvault().schedules().get("r").map(ScheduleInfo::paused)).contains(false);
    }

    @Test
    void aTenantBoundSessionSeesNoSchedulesAndCannotTriggerOne() {
        define("r", DAILY);
        Browser b = browser();
        b.signIn(token("acme", Scope.ADMIN));
        Browser.Page page = b.get("/schedules");
        assertThat(page.body()).contains("id=\"tenant-note\"").doesNotContain("schedule-r");
        assertThat(b.get("/schedules/r").body()).contains("id=\"tenant-note\"").doesNotContain("schedule-summary");
        assertThat(b.post("/schedules/r/trigger", Map.of("_csrf", page.csrf(), "reason", "x")).status()).isEqualTo(403);
        assertThat(server.jobvault().auditLog(0, 10)).extracting(AuditEntry::action).containsOnly("schedule.create");
    }
}
