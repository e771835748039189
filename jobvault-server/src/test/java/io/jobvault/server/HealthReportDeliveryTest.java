package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.jobvault.JobOutcome;
import io.jobvault.alert.AlertSettings;
import io.jobvault.alert.Webhooks;
import io.jobvault.health.HealthReportJob;
import io.jobvault.server.alert.EmailSink;
import io.jobvault.testkit.SettableClock;
import io.jobvault.testkit.WebhookReceiver;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --health-report "0 8 * * *" --zone Europe/Berlin} on two servers sharing one PostgreSQL: at 08:00 Berlin time
 * the report reaches each sink exactly once — a signed webhook with its JSON, an e-mail with a text and an HTML part —
 * and its findings are raised as alerts, resolved when a later report no longer finds them.
 */
class HealthReportDeliveryTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final String TOKEN = "health-report-token";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String SUBJECT = "[Jobvault] Health report of 2030-01-01 08:00 Europe/Berlin: ";

    final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T04:00:00Z")); // 05:00 in Berlin
    String url;
    GreenMail smtp;
    WebhookReceiver hook;
    JobvaultServer a;
    JobvaultServer b;
    ApiClient api;

    private JobvaultServer start(String node) {
        EmailSink email = new EmailSink(new EmailSink.Smtp("127.0.0.1", smtp.getSmtp().getPort(), false, null, null,
                "jobvault@example.com", List.of("ops@example.com", "oncall@example.com")));
        return JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 1 << 20, url, TOKEN), builder -> builder.nodeId(node)
                .clock(clock).tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).queue("default", 2)
                .alertSettings(new AlertSettings(Duration.ofMinutes(15), 0.9, 100, Duration.ofHours(12), Duration.ofSeconds(30),
                        Duration.ofSeconds(1)))
                .alertWebhook("ops", hook.url(), WebhookReceiver.SECRET)
                .alertSink(email).handler(EmailSink.JOB_TYPE, email)
                .healthReport("0 8 * * *", BERLIN)
                // globex's report fails on the first day only
                .handler("report.daily", ctx -> ctx.payload().contains("globex") && ctx.labels().get("jobvault.fire").startsWith("2030-01-01")
                        ? JobOutcome.discard("the template is broken") : JobOutcome.success()));
    }

    @BeforeEach
    void startBoth() throws Exception {
        url = BASE + "&currentSchema=jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());
        smtp.start();
        hook = new WebhookReceiver();
        a = start("node-a");
        b = start("node-b");
        api = new ApiClient(a.port(), TOKEN);
    }

    @AfterEach
    void stopBoth() throws Exception {
        a.close();
        b.close();
        smtp.stop();
        hook.close();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + url.substring(url.indexOf("currentSchema=") + 14) + " CASCADE");
        }
    }

    private List<JsonNode> reportsByWebhook() {
        return hook.verified.stream().filter(j -> j.path("kind").asText().equals("health-report")).toList();
    }

    private List<MimeMessage> reportsByMail() throws Exception {
        List<MimeMessage> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject().startsWith("[Jobvault] Health report")) out.add(m);
        }
        return out;
    }

    /** Jobs of this type that reached a terminal state. */
    private int finished(String type) {
        int n = 0;
        for (String state : List.of("succeeded", "dead", "cancelled")) {
            n += api.get("/v1/jobs?state=" + state + "&type=" + type + "&limit=500").json().get("items").size();
        }
        return n;
    }

    private boolean nothingPending() {
        for (String state : List.of("available", "running", "retrying")) {
            if (!api.get("/v1/jobs?state=" + state).json().get("items").isEmpty()) return false;
        }
        return true;
    }

    /**
     * Moves the clock on in small steps (so the alert rules run) until exactly the deliveries expected so far — webhook
     * and e-mail jobs, one of each per alert change or report — have finished and nothing waits on the two nodes: the
     * clock may then jump without taking a running delivery for a stuck one. Counting the deliveries (not waiting for a
     * quiet spell) makes this independent of how fast the machine is.
     */
    private void settle(int webhooks, int mails) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return finished(Webhooks.JOB_TYPE) >= webhooks && finished(EmailSink.JOB_TYPE) >= mails && nothingPending();
        });
        assertThat(finished(Webhooks.JOB_TYPE)).as("webhook deliveries").isEqualTo(webhooks);
        assertThat(finished(EmailSink.JOB_TYPE)).as("e-mail deliveries").isEqualTo(mails);
    }

    @Test
    void at8InBerlinEachSinkGetsTheReportOnceAndItsFindingsAreAlertedUntilALaterReportNoLongerFindsThem() throws Exception {
        JsonNode builtin = api.get("/v1/schedules/" + HealthReportJob.SCHEDULE_ID).json();
        assertThat(builtin.get("source").asText()).isEqualTo("builtin");
        assertThat(builtin.get("cron").asText()).isEqualTo("0 8 * * *");
        assertThat(builtin.get("zone").asText()).isEqualTo("Europe/Berlin");
        assertThat(builtin.get("deadline").asText()).isEqualTo("PT1H");
        assertThat(builtin.get("nextFireAt").asText()).isEqualTo("2030-01-01T07:00:00Z");
        assertThat(api.get("/v1/schedules").json().get("items").findValuesAsText("id")).contains(HealthReportJob.SCHEDULE_ID);

        assertThat(api.put("/v1/schedules/report.daily", """
                {"cron": "0 6 * * *", "zone": "Europe/Berlin", "job": {"type": "report.daily", "maxAttempts": 1},
                 "keys": ["acme", "globex"]}""".getBytes(), "Content-Type", "application/json").status()).isEqualTo(201);
        clock.set(Instant.parse("2030-01-01T05:00:00.100Z")); // 06:00 in Berlin: acme succeeds, globex dies
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode f = api.get("/v1/schedules/report.daily/fires").json().get("items");
            return f.size() == 1 && f.get(0).get("coverage").get("failed").get("count").asInt() == 1
                    && f.get(0).get("coverage").get("succeeded").get("count").asInt() == 1;
        });
        settle(1, 1); // job.dead raised
        clock.set(Instant.parse("2030-01-01T06:50:00Z"));
        settle(2, 2); // job.dead resolved, a window after the dead job
        assertThat(reportsByWebhook()).as("nothing before 08:00").isEmpty();
        assertThat(reportsByMail()).isEmpty();

        clock.set(Instant.parse("2030-01-01T07:00:00.100Z")); // 08:00 in Berlin
        await().atMost(Duration.ofSeconds(30)).until(() -> !reportsByWebhook().isEmpty() && reportsByMail().size() == 2);
        // the findings are raised as alerts (once, whichever node leads) and delivered like any alert
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(2));
            return hook.count("health.missed-keys:report.daily", "raised") >= 1
                    && hook.count("health.success-rate:report.daily", "raised") >= 1;
        });
        settle(5, 5); // the report and its two findings raised

        // exactly one report per sink, from two nodes
        assertThat(reportsByWebhook()).hasSize(1);
        List<MimeMessage> mails = reportsByMail();
        assertThat(mails).hasSize(2); // one message, one copy per recipient's mailbox
        assertThat(mails).extracting(m -> m.getAllRecipients()[0].toString() + "," + m.getAllRecipients()[1])
                .containsOnly("ops@example.com,oncall@example.com");
        JsonNode fires = api.get("/v1/schedules/" + HealthReportJob.SCHEDULE_ID + "/fires").json().get("items");
        assertThat(fires).hasSize(1);
        assertThat(fires.get(0).get("fireAt").asText()).isEqualTo("2030-01-01T07:00:00Z");
        assertThat(fires.get(0).get("coverage").get("succeeded").get("count").asInt()).isEqualTo(1);

        JsonNode report = reportsByWebhook().getFirst();
        assertThat(report.get("id").asText()).isEqualTo("health-report@2030-01-01T07:00:00Z");
        assertThat(report.get("title").asText()).isEqualTo("Health report of 2030-01-01 08:00 Europe/Berlin: 2 finding(s) need attention");
        assertThat(report.get("from").asText()).isEqualTo("2029-12-31T07:00:00Z"); // the 24 h up to the fire
        assertThat(report.get("to").asText()).isEqualTo("2030-01-01T07:00:00Z");
        assertThat(report.get("schedules").toString()).contains("\"key\":\"globex\"", "\"state\":\"failed\"");
        assertThat(report.get("findings").findValuesAsText("key"))
                .containsExactlyInAnyOrder("health.missed-keys:report.daily", "health.success-rate:report.daily");

        MimeMessage mail = mails.getFirst();
        assertThat(mail.getSubject()).isEqualTo(SUBJECT + "2 finding(s) need attention");
        assertThat(mail.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        BodyPart text = parts.getBodyPart(0);
        BodyPart html = parts.getBodyPart(1);
        assertThat(text.getContentType()).startsWith("text/plain");
        assertThat(html.getContentType()).startsWith("text/html");
        assertThat((String) text.getContent()).contains("Needs attention", "1 key(s) of report.daily missed their run", "globex",
                "missing globex", "schedules trigger report.daily --key globex", "report.daily", "50.0% succeeded");
        assertThat((String) html.getContent()).contains("<html>", "Needs attention", "globex", "<table", "report.daily");

        JsonNode open = api.get("/v1/alerts").json().get("open");
        assertThat(open.findValuesAsText("key")).contains("health.missed-keys:report.daily", "health.success-rate:report.daily");
        JsonNode missed = hook.verified.stream().filter(j -> j.path("key").asText().equals("health.missed-keys:report.daily"))
                .findFirst().orElseThrow();
        assertThat(missed.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(missed.get("message").asText()).contains("globex");
        assertThat(hook.count("health.missed-keys:report.daily", "raised")).isEqualTo(1);

        // the fire's job running a second time (its lease lost mid-way) delivers nothing twice
        String again = api.post("/v1/jobs", """
                {"type": "jobvault.health-report", "queue": "jobvault.health", "payload": {"period": "PT24H", "zone": "Europe/Berlin"},
                 "labels": {"jobvault.fire": "2030-01-01T07:00:00Z"}}""").json().get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/jobs/" + again).json().get("state").asText().equals("succeeded"));
        settle(5, 5); // nothing more
        assertThat(reportsByWebhook()).hasSize(1);
        assertThat(reportsByMail()).hasSize(2);

        // the next day globex succeeds: the next report finds nothing, and the alerts resolve
        clock.set(Instant.parse("2030-01-02T05:00:00.100Z"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                api.get("/v1/schedules/report.daily/fires").json().get("items").get(0).get("coverage").get("complete").asBoolean());
        settle(5, 5);
        assertThat(hook.count("health.missed-keys:report.daily", "resolved")).as("open until a report no longer finds it").isZero();
        clock.set(Instant.parse("2030-01-02T07:00:00.100Z"));
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofSeconds(2));
            return reportsByWebhook().size() == 2 && hook.count("health.missed-keys:report.daily", "resolved") == 1
                    && hook.count("health.success-rate:report.daily", "resolved") == 1;
        });
        settle(8, 8); // the second report and its two findings resolved
        assertThat(reportsByWebhook().getLast().get("findings")).isEmpty();
        assertThat(reportsByMail()).hasSize(4);
        assertThat(reportsByMail().getLast().getSubject()).endsWith("nothing needs attention");
        assertThat(api.get("/v1/alerts").json().get("open").findValuesAsText("key")).noneMatch(k -> k.startsWith("health."));
        assertThat(hook.count("health.missed-keys:report.daily", "raised")).isEqualTo(1);
    }
}
