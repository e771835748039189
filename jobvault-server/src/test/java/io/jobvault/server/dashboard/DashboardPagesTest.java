package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the pages show: redaction, escaping, live progress, paging, and the switch that removes them. */
class DashboardPagesTest extends DashboardTestBase {

    @Test
    void dashboardOffAnswers404AtTheRootAndTheApiStillAnswers() {
        start(DashboardSettings.DEFAULT.withEnabled(false));
        Browser b = browser();
        assertThat(b.get("/").status()).isEqualTo(404);
        assertThat(b.get("/login").status()).isEqualTo(404);
        assertThat(b.get("/jobs").status()).isEqualTo(404);
        assertThat(b.get(Assets.HTMX).status()).isEqualTo(404);
        assertThat(api("GET", "/v1/jobs", null).statusCode()).isEqualTo(200);
    }

    @Test
    void redactedKeysAreMaskedInPayloadAndResult() {
        start(DashboardSettings.DEFAULT.withRedactKeys(Set.of("password", "apiKey")));
        String id = submit("""
                {"type": "test.ok", "payload": {"user": "ann", "password": "hunter2",
                 "nested": {"APIKEY": "k-123", "list": [{"password": "p-in-a-list"}]}}}""");
        assertThat(json(api("GET", "/v1/jobs/" + id + "?wait=30s", null).body()).get("state").asText()).isEqualTo("succeeded");
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        String page = b.get("/jobs/" + id).body();
        assertThat(page).contains("ann").contains("user").contains("APIKEY").contains(Redaction.MASK)
                .doesNotContain("hunter2").doesNotContain("k-123").doesNotContain("p-in-a-list")
                .contains("id=\"job-result\"").doesNotContain("result-secret");
    }

    @Test
    void everyValueFromAJobIsEscaped() {
        start(DashboardSettings.DEFAULT);
        String id = submit("""
                {"type": "test.ok", "delay": "1h", "payload": {"html": "<img src=x onerror=alert(1)>"},
                 "labels": {"team": "<script>alert(2)</script>"}, "queue": "default"}""");
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        String page = b.get("/jobs/" + id).body();
        assertThat(page).doesNotContain("<img src=x").doesNotContain("<script>alert")
                .contains("&lt;img src=x onerror=alert(1)&gt;").contains("&lt;script&gt;alert(2)&lt;/script&gt;");
        Browser.Page odd = b.get("/jobs/" + id + "?done=%3Cscript%3E");
        assertThat(odd.status()).isEqualTo(200);
        assertThat(odd.body()).doesNotContain("id=\"action-done\"").doesNotContain("<script>");
        String list = b.get("/jobs?type=%3Cb%3Ebold%3C/b%3E").body();
        assertThat(list).doesNotContain("<b>bold</b>").contains("&lt;b&gt;bold&lt;/b&gt;");
    }

    @Test
    void theJobsListPagesNewestFirstAndFilters() {
        start(DashboardSettings.DEFAULT);
        String[] ids = new String[JobsPage.PAGE + 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
            clock.advance(Duration.ofMillis(1));
        }
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page first = b.get("/jobs?state=scheduled");
        assertThat(first.body()).contains(ids[ids.length - 1]).doesNotContain("id=\"job-" + ids[0] + "\"").contains("id=\"page-next\"");
        String next = first.body().replaceAll("(?s).*id=\"page-next\" href=\"([^\"]+)\".*", "$1").replace("&amp;", "&");
        Browser.Page second = b.get(next);
        assertThat(second.body()).contains("id=\"job-" + ids[0] + "\"").contains("id=\"job-" + ids[1] + "\"")
                .doesNotContain("id=\"page-next\"").contains("id=\"page-first\"");
        assertThat(b.get("/jobs?state=running").body()).contains("id=\"no-jobs\"");
        assertThat(b.get("/jobs?state=nonsense").body()).contains("id=\"filter-error\"");
        Browser.Page byId = b.get("/jobs?id=" + ids[3]);
        assertThat(byId.status()).isEqualTo(303);
        assertThat(byId.header("Location")).isEqualTo("/jobs/" + ids[3]);
    }

    @Test
    void theJobsListFiltersByLabelAndCreatedRange() {
        start(DashboardSettings.DEFAULT);
        String billing = submit("{\"type\": \"test.ok\", \"delay\": \"1h\", \"labels\": {\"team\": \"billing\"}}");
        clock.advance(Duration.ofMinutes(5));
        java.time.Instant between = clock.instant();
        clock.advance(Duration.ofMinutes(5));
        String search = submit("{\"type\": \"test.ok\", \"delay\": \"1h\", \"labels\": {\"team\": \"search\"}}");
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        assertThat(b.get("/jobs?label=team%3Dbilling").body()).contains(billing).doesNotContain(search);
        String from = java.time.LocalDateTime.ofInstant(between, java.time.ZoneOffset.UTC).toString();
        assertThat(b.get("/jobs?created_from=" + from).body()).contains(search).doesNotContain(billing);
        assertThat(b.get("/jobs?created_to=" + from).body()).contains(billing).doesNotContain(search);
        assertThat(b.get("/jobs?label=nolabel").body()).contains("id=\"filter-error\"");
        assertThat(b.get("/jobs?created_from=yesterday").body()).contains("id=\"filter-error\"");
    }

    @Test
    void theOverviewCountsJobsByQueueAndStateFromTheCounters() {
        start(DashboardSettings.DEFAULT);
        submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
        submit("{\"type\": \"test.ok\", \"delay\": \"1h\"}");
        String done = submit("{\"type\": \"test.ok\"}");
        assertThat(json(api("GET", "/v1/jobs/" + done + "?wait=30s", null).body()).get("state").asText()).isEqualTo("succeeded");
        server.jobvault().pauseQueue("default");
        submit("{\"type\": \"test.ok\"}"); // waits: its queue is paused
        clock.advance(Duration.ofSeconds(30));
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        String page = b.get("/").body();
        assertThat(page).containsPattern("id=\"total-succeeded\"><a [^>]+>1<").contains("id=\"paused-default\"").containsPattern("id=\"total-available\"><a [^>]+>1<").contains(">30 s<");
        assertThat(page).contains("id=\"counts\"").containsPattern("id=\"total-scheduled\"><a href=\"/jobs\\?state=scheduled\">2<")
                .contains("id=\"alerts-h\"").contains("id=\"nodes-h\"");
    }

    @Test
    void theJobPageStreamsProgressWithoutThePayload() {
        start(DashboardSettings.DEFAULT);
        String id = submit("{\"type\": \"test.ok\", \"payload\": {\"password\": \"in-the-payload\"}}");
        assertThat(json(api("GET", "/v1/jobs/" + id + "?wait=30s", null).body()).get("state").asText()).isEqualTo("succeeded");
        Browser b = browser();
        assertThat(b.get("/jobs/" + id + "/events").status()).as("no session").isEqualTo(401);
        b.signIn(ADMIN_TOKEN);
        Browser.Page stream = b.get("/jobs/" + id + "/events"); // a finished job: one event, then the stream ends
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
        assertThat(stream.body()).contains("event: state").contains("\"state\":\"succeeded\"").contains("\"progress\"")
                .doesNotContain("in-the-payload").doesNotContain("result-secret");
    }

    @Test
    void theAssetsComeFromTheJar() {
        start(DashboardSettings.DEFAULT);
        Browser b = browser();
        Browser.Page htmx = b.get(Assets.HTMX);
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.header("Content-Type")).startsWith("text/javascript");
        assertThat(htmx.body()).contains("htmx");
        assertThat(b.get(Assets.CSS).body()).contains("prefers-color-scheme: dark");
        assertThat(b.get(Assets.SCRIPT).body()).contains("visibilitychange");
        HttpResponse<String> login = api("GET", "/login", null);
        assertThat(login.body()).contains(Assets.HTMX).doesNotContain("https://");
    }
}
