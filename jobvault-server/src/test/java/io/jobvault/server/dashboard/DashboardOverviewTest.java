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

/**
 * The Overview's charts (from the per-minute figures of {@code GET /v1/stats}), its schedules missing their run, and the
 * live streams of the Overview and Queues pages.
 */
class DashboardOverviewTest extends DashboardTestBase {
    @BeforeEach
    void startWithTheDashboard() {
        start(DashboardSettings.DEFAULT);
    }

    @Test
    void throughputAndFailureRateOverTheLastHourAndDayAreChartedFromThePerMinuteFigures() {
        List<String> ids = List.of(submit("{\"type\": \"test.ok\"}"), submit("{\"type\": \"test.ok\"}"));
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> state(id).equals("succeeded")));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                json(api("GET", "/v1/stats", null).body()).at("/throughput/lastHour/totals/succeeded").asLong() == 2);
        Browser b = browser();
        b.signIn(token(null, Scope.READ));
        Browser.Page page = b.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<link rel=\"stylesheet\" href=\"/assets/uPlot.min.css\"><script src=\"/assets/uPlot.iife.min.js\" defer></script>")
                .contains("id=\"overview-live\" class=\"live\" data-live=\"/live/overview\"")
                .contains("id=\"chart-hour\"", "id=\"chart-day\"", "data-chart=\"{&quot;t&quot;:[")
                .contains("<tr id=\"throughput-hour\"><th scope=\"row\">Last hour</th><td class=\"num\">2</td><td class=\"num\">0</td>")
                .contains("<tr id=\"throughput-day\"><th scope=\"row\">Last day</th><td class=\"num\">2</td>")
                .contains("id=\"no-missed-runs\"", "id=\"no-alerts\"", "<a href=\"/alerts\" id=\"all-alerts\"", "<a href=\"/nodes\" id=\"all-nodes\"");
        String hourData = between(page.body(), "id=\"chart-hour\"", "></div>");
        assertThat(hourData).as("60 minutes, the last one now's, with the 2 runs").contains("&quot;succeeded&quot;:[0,0,")
                .contains(",2],&quot;failed&quot;:[");

        Browser.Page script = b.get("/assets/uPlot.iife.min.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).startsWith("text/javascript");
        assertThat(script.body()).contains("uPlot");
        assertThat(b.get("/assets/uPlot.min.css").header("Content-Type")).startsWith("text/css");
    }

    @Test
    void aScheduleThatMissedItsRunShowsLinkedToItsPage() {
        assertThat(api("PUT", "/v1/schedules/nightly", "{\"cron\": \"0 5 * * *\", \"job\": {\"type\": \"test.ok\"}, \"misfire\": \"skip\"}")
                .statusCode()).isEqualTo(201);
        clock.set(Instant.parse("2030-01-01T12:00:00Z")); // the 05:00 fire passes with nobody to run it: schedule.missed
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return server.jobvault().alerts(clock.instant(), 10).stream().anyMatch(Alert::open);
        });
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        assertThat(b.get("/").body()).contains("id=\"missed-runs\"", "id=\"missed-nightly\"", "<a href=\"/schedules/nightly\"",
                "schedule.missed", "Schedule nightly missed 1 fire(s)", "id=\"open-alerts\"");
    }

    @Test
    void theOverviewAndQueuesStreamTheirContentToASignedInSessionOnly() {
        submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
        Browser b = browser();
        assertThat(b.firstEvent("/live/overview", "update")).as("no session").isEqualTo("status 401");
        b.signIn(ADMIN_TOKEN);
        assertThat(b.firstEvent("/live/overview", "update")).contains("id=\"counts\"", "id=\"chart-hour\"", "id=\"nodes-h\"")
                .doesNotContain("<html");
        String queues = b.firstEvent("/live/queues", "update");
        assertThat(queues).contains("id=\"queue-default\"", "id=\"pause-default\"", "Succeeded, 1 h");
        assertThat(b.get("/queues").body()).contains("id=\"queues-live\" class=\"live\" data-live=\"/live/queues\"");

        Browser tenant = browser();
        tenant.signIn(token("acme", Scope.READ));
        assertThat(tenant.firstEvent("/live/overview", "update")).contains("id=\"tenant-note\"", "id=\"chart-day\"")
                .doesNotContain("id=\"missed-h\"", "id=\"nodes-h\"");
    }

    private static String between(String text, String from, String to) {
        int i = text.indexOf(from);
        assertThat(i).as(from).isNotNegative();
        return text.substring(i, text.indexOf(to, i));
    }
}
