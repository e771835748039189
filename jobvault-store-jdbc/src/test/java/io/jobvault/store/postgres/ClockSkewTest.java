package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.engine.LivenessClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two healthy nodes on one PostgreSQL schema whose clocks disagree by minutes — B's ahead of the database's, or behind
 * it — each running jobs that a latch holds. Leases and node liveness are judged on the database's clock, so neither
 * takes back the other's running jobs (no rescue, one attempt per job), and B says that its clock is off.
 */
class ClockSkewTest {
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(4);
    /** Longer than a lease and a node timeout together: judged on each node's own clock, every job is taken back by then. */
    private static final Duration HOLD = LEASE.plus(NODE_TIMEOUT);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int JOBS_PER_NODE = 5;

    private final String run = UUID.randomUUID().toString().substring(0, 8); // node ids are locked database-wide
    private final List<Jobvault> nodes = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(2 * JOBS_PER_NODE);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<UUID> rescued = new CopyOnWriteArrayList<>();
    private String url;

    @AfterEach
    void cleanUp() throws Exception {
        release.countDown();
        for (Jobvault jv : nodes.reversed()) jv.close();
        if (url != null) PostgresTestSchemas.drop(url);
    }

    /** A node running the jobs of {@code queue}, with a short lease and node timeout so that the test waits seconds. */
    private Jobvault node(String id, Clock clock, String queue) {
        Jobvault jv = Jobvault.builder().database(url).clock(clock).nodeId(id).queue(queue, JOBS_PER_NODE)
                .handler("hold", ctx -> {
                    started.countDown();
                    if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) throw new IllegalStateException("never released");
                    return JobOutcome.success();
                })
                .leaseDuration(LEASE).nodeTimeout(NODE_TIMEOUT).rescueInterval(Duration.ofMillis(200))
                .tickInterval(Duration.ofMillis(10)).pollInterval(Duration.ofMillis(100)).shutdownGrace(Duration.ofSeconds(2))
                .listener(new JobListener() {
                    @Override
                    public void jobRescued(UUID job, String type, String node, Duration ran, String reason) {
                        rescued.add(job);
                    }
                })
                .build();
        nodes.add(jv);
        return jv;
    }

    @ParameterizedTest(name = "B''s clock {0} minutes off the database''s")
    @ValueSource(ints = {5, -5})
    void aNodeWhoseClockIsMinutesOffTakesBackNothingAndSaysSo(int minutes) throws Exception {
        url = PostgresTestSchemas.newSchemaUrl();
        Duration off = Duration.ofMinutes(minutes);
        Jobvault a = node("a-" + run, Clock.systemUTC(), "on-a");
        Jobvault b = node("b-" + run, Clock.offset(Clock.systemUTC(), off), "on-b");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < JOBS_PER_NODE; i++) {
            ids.add(a.submit(JobRequest.builder("hold").queue("on-a").build()).id());
            ids.add(b.submit(JobRequest.builder("hold").queue("on-b").build()).id());
        }
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("every job started").isTrue();

        await().during(HOLD).atMost(HOLD.plus(WAIT)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(rescued).as("jobs taken back").isEmpty();
            assertThat(ids).map(a::get).allSatisfy(j -> assertThat(j.state() + " attempt " + j.attempt())
                    .as(j.id().toString()).isEqualTo("RUNNING attempt 1"));
        });

        assertThat(b.livenessClock().skew()).as("B's clock against the database's")
                .hasValueSatisfying(s -> assertThat(s).isCloseTo(off, Duration.ofSeconds(2)));
        assertThat(a.livenessClock().skew()).hasValueSatisfying(s -> assertThat(LivenessClock.beyondLimit(s)).isFalse());
        await().atMost(WAIT).until(() -> openAlertKeys(a).contains("clock.skewed:b-" + run));
        assertThat(openAlertKeys(a)).doesNotContain("clock.skewed:a-" + run);

        release.countDown();
        await().atMost(WAIT).until(() -> ids.stream().map(a::get).map(Job::state).allMatch(s -> s == JobState.SUCCEEDED));
        for (UUID id : ids) assertThat(a.attempts(id)).as("attempts of " + id).hasSize(1);
        assertThat(rescued).isEmpty();
    }

    private static List<String> openAlertKeys(Jobvault jv) {
        return jv.alerts(Instant.EPOCH, 100).stream().filter(Alert::open).map(Alert::key).toList();
    }
}
