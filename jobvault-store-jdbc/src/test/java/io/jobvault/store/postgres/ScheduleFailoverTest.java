package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.Timing;
import io.jobvault.testkit.SettableClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two full nodes on one PostgreSQL schema run a per-minute fan-out schedule; the maintenance leader is stopped just as
 * a fire falls due and started again: every fire exists once, with exactly one job per key, and none is missed.
 */
class ScheduleFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> KEYS = List.of("k1", "k2", "k3");

    private final SettableClock clock = SettableClock.atFixedStart();
    private final Jobvault[] nodes = new Jobvault[2];
    private String url;

    @AfterEach
    void cleanUp() throws Exception {
        for (Jobvault n : nodes) if (n != null) n.close();
        PostgresTestSchemas.drop(url);
    }

    private Jobvault node(String id) {
        return Jobvault.builder().database(url).clock(clock).nodeId(id).queue("default", 4)
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).schedulerInterval(Duration.ofMillis(1))
                .nodeTimeout(Duration.ofSeconds(20)).shutdownGrace(Duration.ofSeconds(5))
                .handler("report", ctx -> JobOutcome.success()).build();
    }

    private int fires(Jobvault via) {
        return via.schedules().fires("minutely", null, 1000).size();
    }

    @Test
    void eachFireEnqueuesOneJobPerKeyThoughTheLeaderRestartsAsItFallsDue() throws Exception {
        url = PostgresTestSchemas.newSchemaUrl();
        nodes[0] = node("a");
        nodes[1] = node("b");
        Instant start = clock.instant();
        nodes[0].schedules().put(Schedule.builder("minutely", Timing.every(Duration.ofMinutes(1)), JobTemplate.of("report"))
                .keys(KEYS).build(), Schedules.SOURCE_API);

        int minutes = 12;
        for (int m = 1; m <= minutes; m++) {
            clock.set(start.plus(Duration.ofMinutes(m)).plusMillis(1)); // the next fire falls due now
            if (m == 4 || m == 8) { // restart the leader at the very moment its fire is due
                String id;
                try (PostgresJobStore observer = PostgresJobStore.open(url)) {
                    id = observer.leaderOf("maintenance").orElseThrow();
                }
                int leader = id.equals("a") ? 0 : 1;
                nodes[leader].close();
                nodes[leader] = node(id);
            }
            int expected = m;
            await().atMost(WAIT).until(() -> {
                clock.advance(Duration.ofMillis(500)); // heartbeats and the leader lease move with the clock
                return fires(nodes[1]) >= expected;
            });
        }
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofMillis(100));
            return nodes[0].schedules().fires("minutely", null, 1000).stream().allMatch(f -> f.succeeded().size() == KEYS.size());
        });

        List<FireCoverage> all = nodes[0].schedules().fires("minutely", null, 1000);
        assertThat(all).hasSize(minutes).allMatch(f -> f.fire().status().equals("enqueued") && f.fire().kind().equals("scheduled"));
        assertThat(all).extracting(f -> f.fire().fireAt()).doesNotHaveDuplicates();
        Map<String, Integer> jobsPerFireAndKey = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT f.fire_at, f.fire_key, count(*) FROM schedule_fire_jobs f"
                     + " JOIN jobs j ON j.id = f.job_id GROUP BY 1, 2")) {
            while (rs.next()) jobsPerFireAndKey.put(rs.getLong(1) + "/" + rs.getString(2), rs.getInt(3));
        }
        assertThat(jobsPerFireAndKey).hasSize(minutes * KEYS.size()).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        assertThat(nodes[0].list(io.jobvault.JobFilter.ALL.withState(JobState.SUCCEEDED), null, 1000).items())
                .hasSize(minutes * KEYS.size());
    }
}
