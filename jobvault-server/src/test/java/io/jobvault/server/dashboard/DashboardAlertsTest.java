package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.alert.Alert;
import io.jobvault.alert.Severity;
import io.jobvault.server.auth.Scope;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /alerts}: open alerts, then resolved ones within a chosen window; admins acknowledge open ones (as the API's
 * {@code POST /v1/alerts/{id}/acknowledge}); not for tenant-bound sign-ins.
 */
class DashboardAlertsTest extends DashboardTestBase {
    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void anOpenAlertShowsWithItsHintAndContextThenAsResolved() {
        assertThat(api("PUT", "/v1/schedules/nightly", "{\"cron\": \"0 5 * * *\", \"job\": {\"type\": \"test.ok\"}, \"misfire\": \"skip\"}")
                .statusCode()).isEqualTo(201);
        String reader = token(null, Scope.READ);
        Browser before = browser();
        before.signIn(reader);
        assertThat(before.get("/alerts").body()).contains("id=\"no-open-alerts\"", "id=\"no-recent-alerts\"");

        clock.set(Instant.parse("2030-01-01T12:00:00Z")); // the 05:00 fire passes with nobody to run it: schedule.missed
        Browser b = browser(); // signed in again: the jump outlasts a session
        b.signIn(reader);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return open().size() == 1;
        });
        Alert alert = open().getFirst();
        // the open alerts are held by the node for 3 s: the page shows it within that
        await().atMost(Duration.ofSeconds(20)).until(() -> b.get("/alerts").body().contains("id=\"alert-" + alert.id() + "\""));
        Browser.Page page = b.get("/alerts");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"open-alerts\"", "id=\"alert-" + alert.id() + "\"", "Schedule nightly missed 1 fire(s)",
                "schedule.missed", "critical", "schedules trigger nightly --fire FIRE_AT --reason &#39;…&#39;", "schedule=nightly")
                .contains("<span class=\"badge\" id=\"open-count\">1</span>").doesNotContain("id=\"nav-alerts\" aria-disabled")
                .contains("id=\"alerts-live\" class=\"live\" data-live=\"/live/alerts\"");
        assertThat(b.firstEvent("/live/alerts", "update")).as("the live region's stream").contains("id=\"alert-" + alert.id() + "\"");

        clock.advance(Duration.ofMinutes(16)); // a window after the event, its condition clears
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return open().isEmpty();
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> b.get("/alerts").body().contains("id=\"no-open-alerts\""));
        Browser.Page resolved = b.get("/alerts");
        assertThat(resolved.body()).contains("id=\"no-open-alerts\"", "id=\"recent-alerts\"", "id=\"alert-" + alert.id() + "\"", "resolved <time");
        assertThat(b.get("/alerts?since=1h").body()).as("resolved more than an hour after it was raised, within the hour")
                .contains("id=\"alert-" + alert.id() + "\"");
        assertThat(b.get("/alerts?since=%3Cscript%3E").status()).as("an unknown window is the default").isEqualTo(200);
    }

    @Test
    void aTenantBoundSessionSeesNoAlerts() {
        Browser b = browser();
        b.signIn(token("acme", Scope.ADMIN));
        Browser.Page page = b.get("/alerts");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"tenant-note\"").doesNotContain("id=\"open-h\"");
    }

    @Test
    void anAdminAcknowledgesAnOpenAlertWhichStaysOpenShowingWhoAndWhenAndReadersCannot() {
        Alert alert = raiseElsewhere();
        String reader = token(null, Scope.READ);
        Browser r = browser();
        r.signIn(reader);
        await().atMost(Duration.ofSeconds(20)).until(() -> r.get("/alerts").body().contains("id=\"alert-" + alert.id() + "\""));
        Browser.Page readOnly = r.get("/alerts");
        assertThat(readOnly.body()).doesNotContain("id=\"acknowledge-" + alert.id() + "\"");
        assertThat(r.post("/alerts/" + alert.id() + "/acknowledge", Map.of("_csrf", readOnly.csrf())).status())
                .as("a read-only session's forged post").isEqualTo(403);
        Browser admin = browser();
        admin.signIn(token(null, Scope.ADMIN));
        assertThat(admin.post("/alerts/" + alert.id() + "/acknowledge", Map.of()).status()).as("no CSRF token").isEqualTo(403);
        assertThat(open().getFirst().acknowledged()).isFalse();

        Browser.Page page = admin.get("/alerts");
        assertThat(page.body()).contains("id=\"acknowledge-" + alert.id() + "\"", "action=\"/alerts/" + alert.id() + "/acknowledge\"");
        Browser.Page done = admin.post("/alerts/" + alert.id() + "/acknowledge", Map.of("_csrf", page.csrf()));
        assertThat(done.status()).isEqualTo(303);
        Alert acked = open().getFirst();
        assertThat(acked.open()).isTrue();
        assertThat(acked.acknowledgedBy()).startsWith("token:");
        Browser.Page after = admin.get("/alerts?done=acknowledge");
        assertThat(after.body()).contains("id=\"action-done\"", "id=\"alert-" + alert.id() + "-acknowledged\"",
                "acknowledged by " + acked.acknowledgedBy() + " at <time").doesNotContain("id=\"acknowledge-" + alert.id() + "\"");
        assertThat(server.jobvault().auditLog(0, 10)).filteredOn(e -> e.action().equals("alert.acknowledge")).singleElement()
                .satisfies(e -> {
                    assertThat(e.target()).isEqualTo("alert:" + alert.id());
                    assertThat(e.details()).contains("\"via\":\"dashboard\"");
                });
    }

    @Test
    void theApiAcknowledgesForAdminsAndRefusesResolvedAndUnknownAlerts() {
        Alert alert = raiseElsewhere();
        var ok = api("POST", "/v1/alerts/" + alert.id() + "/acknowledge", null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(json(ok.body()).get("status").asText()).isEqualTo("raised");
        assertThat(json(ok.body()).get("acknowledgedBy").asText()).startsWith("token:");
        assertThat(json(api("GET", "/v1/alerts", null).body()).get("open").get(0).has("acknowledgedAt")).isTrue();
        assertThat(server.jobvault().auditLog(0, 10)).extracting(e -> e.action()).contains("alert.acknowledge");

        var unknown = api("POST", "/v1/alerts/" + (alert.id() + 1000) + "/acknowledge", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(api("POST", "/v1/alerts/not-a-number/acknowledge", null).statusCode()).isEqualTo(404);
        try (SqliteJobStore sameFile = SqliteJobStore.open(dir.resolve("jobvault.db"))) {
            assertThat(sameFile.alertResolve(alert.id(), clock.instant())).isPresent();
        }
        var resolved = api("POST", "/v1/alerts/" + alert.id() + "/acknowledge", null);
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(409);
        assertThat(resolved.body()).contains("alert-resolved");
    }

    /**
     * An open alert of another node's rule (disk.low of node "elsewhere"): this node neither raises nor resolves it, so it
     * stays as the test left it.
     */
    private Alert raiseElsewhere() {
        try (SqliteJobStore sameFile = SqliteJobStore.open(dir.resolve("jobvault.db"))) {
            return sameFile.alertOpen(new Alert(0, "disk.low:elsewhere", "disk.low", Severity.WARNING, "Disk low on elsewhere",
                    "message", "hint", Map.of("node", "elsewhere"), clock.instant().truncatedTo(ChronoUnit.MILLIS), null)).orElseThrow();
        }
    }

    private List<Alert> open() {
        return server.jobvault().alerts(clock.instant(), 10).stream().filter(Alert::open).toList();
    }
}
