package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.jobvault.Job;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.alert.AlertSettings;
import io.jobvault.alert.Webhooks;
import io.jobvault.server.alert.EmailSink;
import io.jobvault.testkit.OutageProxy;
import io.jobvault.testkit.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's PostgreSQL stops accepting connections for 60 s — through a loopback proxy that resets them, so the shared
 * server is left alone — and comes back. The operator hears of the outage while it lasts: the webhook (a real receiver
 * that verifies the signature) and the e-mail (a real SMTP server) get RAISED during the outage and RESOLVED after,
 * each exactly once, and the delivery sent without the store is recorded in it as delivered.
 */
class StoreOutageAlertsTest {
    private static final String BASE = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static final Duration OUTAGE = Duration.ofSeconds(60);
    private final String schema = "jv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    /** Node ids are locked per database, not per schema: one of its own keeps parallel runs apart. */
    private final String node = "outage-" + schema.substring(3, 11);
    private final String key = "store.unreachable:" + node;
    private OutageProxy proxy;
    private WebhookReceiver hook;
    private GreenMail smtp;
    private Jobvault jv;

    @BeforeEach
    void start() throws Exception {
        URI pg = URI.create(BASE.substring("jdbc:".length()));
        proxy = OutageProxy.to(pg.getHost(), pg.getPort());
        hook = new WebhookReceiver();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());
        smtp.start();
    }

    @AfterEach
    void stop() throws Exception {
        proxy.restore();
        if (jv != null) jv.close();
        proxy.close();
        hook.close();
        smtp.stop();
        try (Connection c = DriverManager.getConnection(BASE); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private List<String> subjects() throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) out.add(m.getSubject());
        return out;
    }

    private long mails(String prefix) throws Exception {
        return subjects().stream().filter(s -> s.startsWith(prefix) && s.contains("store is unreachable from node " + node)).count();
    }

    @Test
    void theOutageIsAlertedWhileItLastsAndItsEndAfterEachOnce() throws Exception {
        String url = BASE.replace(":" + URI.create(BASE.substring(5)).getPort() + "/", ":" + proxy.port() + "/")
                + "&currentSchema=" + schema;
        EmailSink email = new EmailSink(new EmailSink.Smtp("127.0.0.1", smtp.getSmtp().getPort(), false, null, null,
                "jobvault@example.com", List.of("ops@example.com")));
        jv = Jobvault.builder().database(url).clock(Clock.systemUTC()).nodeId(node).pollInterval(Duration.ofMillis(100))
                .alertSettings(new AlertSettings(Duration.ofMinutes(15), 0.5, 3, Duration.ofMinutes(5), Duration.ofSeconds(2),
                        Duration.ofSeconds(1)))
                .alertWebhook("ops", hook.url(), WebhookReceiver.SECRET)
                .alertSink(email).handler(EmailSink.JOB_TYPE, email).build();

        proxy.cut();
        Instant cutAt = Instant.now();
        // within seconds of the threshold, while the store is still away, both receivers hear of it
        await().atMost(Duration.ofSeconds(30)).until(() -> hook.count(key, "raised") == 1 && mails("[Jobvault CRITICAL] The") == 1);
        assertThat(Duration.between(cutAt, Instant.now())).isLessThan(OUTAGE);
        // and for the rest of the outage nothing more: no second RAISED from the retries, no RESOLVED
        Duration rest = OUTAGE.minus(Duration.between(cutAt, Instant.now()));
        await().during(rest).atMost(rest.plusSeconds(5)).until(() -> hook.count(key, "raised") == 1
                && hook.count(key, "resolved") == 0 && mails("[Jobvault CRITICAL]") == 1);
        proxy.restore();

        await().atMost(Duration.ofSeconds(30)).until(() -> hook.count(key, "resolved") == 1
                && mails("[Jobvault CRITICAL] RESOLVED:") == 1);
        // the deliveries sent directly are recorded as delivered, and nothing goes out twice
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveries().stream().filter(j -> j.state() == JobState.SUCCEEDED).count() == 4);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> hook.count(key, "raised") == 1
                && hook.count(key, "resolved") == 1 && mails("[Jobvault CRITICAL]") == 2);
        assertThat(hook.rejected).isEmpty();

        JsonNode raised = hook.verified.stream().filter(a -> a.get("status").asText().equals("raised")).findFirst().orElseThrow();
        JsonNode resolved = hook.verified.stream().filter(a -> a.get("status").asText().equals("resolved")).findFirst().orElseThrow();
        assertThat(raised.get("raisedAt")).isEqualTo(resolved.get("raisedAt")); // one pair: same key, same raise time
        assertThat(raised.get("message").asText()).contains("cannot reach the job store since");
        assertThat(resolved.get("message").asText()).contains("it answered again");

        List<Job> jobs = deliveries();
        assertThat(jobs).hasSize(4).allMatch(j -> j.state() == JobState.SUCCEEDED);
        assertThat(jobs).filteredOn(j -> j.idempotencyKey().endsWith(":raised"))
                .hasSize(2).allSatisfy(j -> {
                    assertThat(j.result()).contains("\"sentDirectly\":true");
                    assertThat(j.finishedAt()).isBefore(cutAt.plus(OUTAGE));
                    assertThat(j.leaseOwner()).isEqualTo(node);
                });
        assertThat(jobs).filteredOn(j -> j.idempotencyKey().endsWith(":resolved")).hasSize(2)
                .allSatisfy(j -> assertThat(String.valueOf(j.result())).doesNotContain("sentDirectly"));
    }

    /** The webhook and e-mail delivery jobs of this outage. */
    private List<Job> deliveries() {
        List<Job> out = new ArrayList<>(jv.list(JobFilter.ALL.withType(Webhooks.JOB_TYPE), null, 10).items());
        out.addAll(jv.list(JobFilter.ALL.withType(EmailSink.JOB_TYPE), null, 10).items());
        return out;
    }
}
