package io.jobvault.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.server.auth.Scope;
import io.jobvault.store.AuditEntry;
import io.jobvault.store.JobStore;
import io.jobvault.store.JobStoreProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Bulk actions by filter from the Jobs page: the count first, then the API's bulk operation run by the leader, its
 * progress live, audited as the dashboard's; buttons and actions only for tokens that may.
 */
class DashboardBulkTest extends DashboardTestBase {
    private static final String PARKED = "{\"type\": \"test.ok\", \"queue\": \"parked\", \"delay\": \"1h\"}";

    @Test
    void anAdminCancelsEveryJobAFilterMatchesAfterSeeingHowMany() {
        start(DashboardSettings.DEFAULT);
        List<String> parked = IntStream.range(0, 3).mapToObj(i -> submit(PARKED)).toList();
        String other = submit("{\"type\": \"test.ok\", \"queue\": \"other\", \"delay\": \"1h\"}");
        Browser b = browser();
        b.signIn(ADMIN_TOKEN);
        Browser.Page jobs = b.get("/jobs?queue=parked");
        assertThat(jobs.body()).contains("id=\"bulk-form\"").contains("id=\"bulk-retry\"").contains("id=\"bulk-cancel\"")
                .contains("id=\"bulk-delete\"").contains("<input type=\"hidden\" name=\"queue\" value=\"parked\">");

        Browser.Page preview = b.get("/jobs/bulk?queue=parked&action=cancel");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("<strong id=\"bulk-matched\">3</strong> jobs match").contains("id=\"bulk-confirm\"")
                .contains("Cancel 3 jobs");
        assertThat(parked).as("a preview changes nothing").allSatisfy(id -> assertThat(state(id)).isEqualTo("scheduled"));

        Browser.Page started = b.post("/jobs/bulk", Map.of("_csrf", preview.csrf(), "action", "cancel", "queue", "parked", "matched", "3"));
        assertThat(started.status()).as(started.body()).isEqualTo(303);
        String location = started.header("Location");
        assertThat(location).matches("/jobs/bulk/[0-9a-f-]{36}\\?of=3");
        await().atMost(Duration.ofSeconds(20)).until(() -> parked.stream().allMatch(id -> state(id).equals("cancelled")));
        assertThat(state(other)).as("outside the filter").isEqualTo("scheduled");

        await().atMost(Duration.ofSeconds(20)).until(() -> b.get(location).body().contains("id=\"bulk-state\" class=\"state state-done\""));
        Browser.Page done = b.get(location);
        assertThat(done.body()).contains("<span id=\"bulk-done\">3</span>").contains("id=\"bulk-progress\"")
                .contains("data-live-end").doesNotContain("id=\"bulk-stop\"");
        String id = location.substring("/jobs/bulk/".length(), location.indexOf('?'));
        assertThat(b.firstEvent("/live/bulk/" + id + "?of=3", "update")).as("the live region's stream")
                .contains("<span id=\"bulk-done\">3</span>");

        AuditEntry audit = server.jobvault().auditLog(0, 20).stream().filter(e -> e.action().equals("jobs.bulk.cancel")).findFirst().orElseThrow();
        assertThat(audit.target()).isEqualTo("bulk:" + id);
        assertThat(json(audit.details()).get("via").asText()).isEqualTo("dashboard");
        assertThat(json(audit.details()).get("filter").get("queue").asText()).isEqualTo("parked");
        assertThat(audit.actor()).startsWith("token:");
        assertThat(b.get("/audit").body()).as("the audit log links to the operation")
                .contains("<a href=\"/jobs/bulk/" + id + "\">bulk:" + id + "</a>");

        Browser.Page stopDone = b.post("/jobs/bulk/" + id + "/stop", Map.of("_csrf", preview.csrf()));
        assertThat(stopDone.status()).as("an ended operation stays as it is").isEqualTo(303);
        assertThat(server.jobvault().bulk().get(java.util.UUID.fromString(id)).orElseThrow().state().wireName()).isEqualTo("done");
    }

    @Test
    void aRunningOperationShowsStopAndStopsWithNoFurtherBatch() {
        // another node leads maintenance for a day of this test's clock, so the operation waits for a batch that never comes
        String url = "jdbc:sqlite:" + dir.resolve("jobvault.db");
        try (JobStore store = JobStoreProvider.require(url).open(url)) {
            assertThat(store.leaderAttemptElect("maintenance", "elsewhere", clock.instant(), clock.instant().plus(Duration.ofDays(1)))).isTrue();
        }
        start(DashboardSettings.DEFAULT);
        String id = submit(PARKED);
        Browser b = browser();
        b.signIn(token(null, Scope.READ, Scope.SUBMIT));
        Browser.Page preview = b.get("/jobs/bulk?queue=parked&action=cancel");
        Browser.Page started = b.post("/jobs/bulk", Map.of("_csrf", preview.csrf(), "action", "cancel", "queue", "parked", "matched", "1"));
        String location = started.header("Location");
        String op = location.substring("/jobs/bulk/".length(), location.indexOf('?'));
        Browser.Page running = b.get(location);
        assertThat(running.body()).contains("id=\"bulk-state\" class=\"state state-running\"", "id=\"bulk-stop\"",
                "<progress id=\"bulk-progress\" max=\"1\" value=\"0\">").doesNotContain("data-live-end");

        Browser reader = browser();
        reader.signIn(token(null, Scope.READ));
        Browser.Page seen = reader.get(location);
        assertThat(seen.body()).as("a read session sees it, without Stop").contains("state-running").doesNotContain("id=\"bulk-stop\"");
        assertThat(reader.post("/jobs/bulk/" + op + "/stop?of=1", Map.of("_csrf", seen.csrf())).status()).isEqualTo(403);

        Browser.Page stopped = b.post("/jobs/bulk/" + op + "/stop?of=1", Map.of("_csrf", running.csrf()));
        assertThat(stopped.status()).isEqualTo(303);
        assertThat(stopped.header("Location")).isEqualTo("/jobs/bulk/" + op + "?done=stop&of=1");
        assertThat(b.get(stopped.header("Location")).body()).contains("id=\"action-done\"", "state-stopped", "data-live-end")
                .doesNotContain("id=\"bulk-stop\"");
        assertThat(state(id)).as("no batch ran").isEqualTo("scheduled");
        AuditEntry stop = server.jobvault().auditLog(0, 20).stream().filter(e -> e.action().equals("jobs.bulk.stop")).findFirst().orElseThrow();
        assertThat(stop.target()).isEqualTo("bulk:" + op);
        assertThat(json(stop.details()).get("via").asText()).isEqualTo("dashboard");
    }

    @Test
    void aReadSessionSeesNoBulkButtonsAndItsBulkPostIsRefused() {
        start(DashboardSettings.DEFAULT);
        String id = submit(PARKED);
        Browser b = browser();
        b.signIn(token(null, Scope.READ));
        Browser.Page jobs = b.get("/jobs");
        assertThat(jobs.body()).contains("id=\"job-" + id + "\"").doesNotContain("id=\"bulk-form\"");
        assertThat(b.get("/jobs/bulk?action=cancel").status()).isEqualTo(403);
        assertThat(b.post("/jobs/bulk", Map.of("_csrf", jobs.csrf(), "action", "cancel")).status()).isEqualTo(403);
        assertThat(b.post("/jobs/bulk", Map.of("action", "cancel")).status()).as("no CSRF token").isEqualTo(403);
        assertThat(state(id)).isEqualTo("scheduled");
        assertThat(server.jobvault().auditLog(0, 20)).noneMatch(e -> e.action().startsWith("jobs.bulk"));
    }

    @Test
    void aSubmitSessionMayCancelButNotDeleteAndATenantSessionActsOnItsTenantOnly() {
        start(DashboardSettings.DEFAULT);
        String mine = submit("{\"type\": \"test.ok\", \"queue\": \"parked\", \"delay\": \"1h\", \"tenant\": \"acme\"}");
        String theirs = submit("{\"type\": \"test.ok\", \"queue\": \"parked\", \"delay\": \"1h\", \"tenant\": \"globex\"}");
        Browser b = browser();
        b.signIn(token("acme", Scope.READ, Scope.SUBMIT));
        Browser.Page jobs = b.get("/jobs");
        assertThat(jobs.body()).contains("id=\"bulk-cancel\"").doesNotContain("id=\"bulk-delete\"");
        assertThat(b.get("/jobs/bulk?action=delete").status()).isEqualTo(403);
        assertThat(b.post("/jobs/bulk", Map.of("_csrf", jobs.csrf(), "action", "delete")).status()).isEqualTo(403);

        Browser.Page preview = b.get("/jobs/bulk?action=cancel&tenant=globex");
        assertThat(preview.body()).as("the tenant field is its own, whatever was sent").contains("<strong id=\"bulk-matched\">1</strong> job matches");
        assertThat(b.post("/jobs/bulk", Map.of("_csrf", jobs.csrf(), "action", "cancel", "tenant", "globex")).status()).isEqualTo(303);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(mine).equals("cancelled"));
        assertThat(state(theirs)).isEqualTo("scheduled");
        assertThat(b.get("/jobs/bulk?action=explode").status()).isEqualTo(400);
        assertThat(b.get("/jobs/bulk/0193a5b0-0000-7000-8000-000000000000").status()).isEqualTo(404);
    }
}
