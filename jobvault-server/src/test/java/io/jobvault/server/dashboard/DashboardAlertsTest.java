package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.alert.Alert;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /alerts}: open alerts, then resolved ones within a chosen window; read-only; not for tenant-bound sign-ins. */
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

    private List<Alert> open() {
        return server.jobvault().alerts(clock.instant(), 10).stream().filter(Alert::open).toList();
    }
}
