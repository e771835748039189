package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.jobvault.JobOutcome;
import io.jobvault.alert.AlertSettings;
import io.jobvault.server.alert.EmailSink;
import io.jobvault.testkit.SettableClock;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alerts by email to a real SMTP server (GreenMail, on a loopback port), and {@code GET /v1/alerts}. */
class AlertsDeliveryTest {
    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();
    GreenMail smtp;
    JobvaultServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());
        smtp.start();
        EmailSink email = new EmailSink(new EmailSink.Smtp("127.0.0.1", smtp.getSmtp().getPort(), false, null, null,
                "jobvault@example.com", List.of("ops@example.com", "oncall@example.com")));
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 64 * 1024, "jdbc:sqlite:" + dir.resolve("jobvault.db"),
                ServerTestBase.ADMIN_TOKEN), b -> b.nodeId("mailer").clock(clock).tickInterval(Duration.ofMillis(5))
                .pollInterval(Duration.ofMillis(50)).queue("default", 2)
                .alertSettings(new AlertSettings(Duration.ofMinutes(15), 0.9, 100, Duration.ofMinutes(5), Duration.ofSeconds(30),
                        Duration.ofSeconds(1)))
                .alertSink(email).handler(EmailSink.JOB_TYPE, email)
                .handler("report", ctx -> JobOutcome.discard("the template is broken")));
        api = new ApiClient(server.port(), ServerTestBase.ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
        smtp.stop();
    }

    /** The subject of every message received (GreenMail keeps one per recipient). */
    private List<String> subjects() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) out.add(m.getSubject());
        return out;
    }

    @Test
    void aDeadJobIsMailedOnceWithContextAndAHintThenItsResolutionIsMailed() throws Exception {
        String id = api.post("/v1/jobs", "{\"type\": \"report\", \"maxAttempts\": 1}").json().get("id").asText();
        assertThat(api.get("/v1/jobs/" + id + "?wait=10s").json().get("state").asText()).isEqualTo("dead");
        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> smtp.getReceivedMessages().length >= 1);
        MimeMessage m = smtp.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("ops@example.com", "oncall@example.com");
        assertThat(m.getSubject()).isEqualTo("[Jobvault WARNING] 1 report job(s) went DEAD");
        String body = GreenMailUtil.getBody(m);
        assertThat(body).contains("1 job(s) of type report", "What to do:", "state=dead&type=report", "type: report");

        JsonNode alerts = api.get("/v1/alerts").json();
        assertThat(alerts.get("open")).hasSize(1);
        assertThat(alerts.get("open").get(0).get("key").asText()).isEqualTo("job.dead:report");
        ApiClient tenant = api.as(server.tokens().create("t", "acme", java.util.Set.of(io.jobvault.server.auth.Scope.READ)).secret());
        assertThat(tenant.get("/v1/alerts").status()).isEqualTo(403);

        clock.advance(Duration.ofMinutes(16));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            clock.advance(Duration.ofSeconds(1));
            return subjects().contains("[Jobvault WARNING] RESOLVED: 1 report job(s) went DEAD");
        });
        List<String> all = subjects();
        // raised once, resolved once: as many copies of each as there are recipients' mailboxes
        assertThat(java.util.Collections.frequency(all, "[Jobvault WARNING] 1 report job(s) went DEAD"))
                .isEqualTo(java.util.Collections.frequency(all, "[Jobvault WARNING] RESOLVED: 1 report job(s) went DEAD"));
        assertThat(api.get("/v1/alerts").json().get("open")).isEmpty();
        assertThat(api.get("/v1/alerts").json().get("recent")).hasSize(1);
    }
}
