package io.jobvault.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Jobvault;
import io.jobvault.testkit.SettableClock;
import io.jobvault.testkit.WebhookReceiver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node loses its PostgreSQL database (a database of its own that stops accepting connections, so nothing else on
 * the server is touched) and gets it back: the outage reaches the webhook while it lasts (sent directly) and, resolved,
 * once the store answers again, where it is recorded as an alert.
 */
class StoreUnreachableAlertTest {
    private static final String ADMIN = System.getenv().getOrDefault("JOBVAULT_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private final String db = "jv_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final SettableClock clock = SettableClock.atFixedStart();
    private WebhookReceiver hook;
    private Jobvault jv;

    private void admin(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(ADMIN); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @BeforeEach
    void createDatabase() throws Exception {
        admin("CREATE DATABASE " + db);
        hook = new WebhookReceiver();
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (jv != null) jv.close();
        hook.close();
        admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }

    @Test
    void anOutageIsAlertedWhenTheStoreAnswersAgain() throws Exception {
        String url = ADMIN.replace("/test?", "/" + db + "?");
        jv = Jobvault.builder().database(url).clock(clock).nodeId("n1").tickInterval(Duration.ofMillis(5))
                .alertSettings(new AlertSettings(Duration.ofMinutes(15), 0.5, 3, Duration.ofMinutes(5), Duration.ofSeconds(8),
                        Duration.ofSeconds(1)))
                .alertWebhook("test", hook.url(), WebhookReceiver.SECRET).build();

        admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
        // the store stays away for 12 s of real time, a minute of engine time: well past the 8 s threshold
        AtomicInteger polls = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            clock.advance(Duration.ofSeconds(5));
            return polls.incrementAndGet() >= 12;
        });
        admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                clock.advance(Duration.ofSeconds(1));
                return hook.count("store.unreachable:n1", "resolved") == 1;
            });
        } catch (ConditionTimeoutException e) {
            // what was there to see, so that a failure on a CI machine can be told apart from the logs alone
            throw new AssertionError("no single resolved outage at the webhook; it verified " + hook.verified + ", rejected "
                    + hook.rejected + "; the store's alerts: " + jv.alerts(clock.instant().minus(Duration.ofDays(1)), 10)
                    + "; webhook jobs: " + jv.list(io.jobvault.JobFilter.ALL.withType(Webhooks.JOB_TYPE), null, 10).items(), e);
        }
        assertThat(hook.count("store.unreachable:n1", "raised")).isEqualTo(1); // sent directly during the outage
        var alert = hook.verified.stream().filter(a -> a.get("key").asText().equals("store.unreachable:n1")
                && a.get("status").asText().equals("resolved")).findFirst().orElseThrow();
        assertThat(alert.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(alert.get("message").asText()).contains("cannot reach the job store since", "it answered again");
        assertThat(jv.alerts(clock.instant().minus(Duration.ofDays(1)), 10)).extracting(Alert::key).contains("store.unreachable:n1");
    }
}
