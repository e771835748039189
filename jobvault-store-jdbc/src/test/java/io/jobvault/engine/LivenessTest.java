package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.store.JobStore;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** No upkeep starves liveness (DESIGN promise 8): heartbeats and node liveness never wait behind a leader task. */
class LivenessTest extends EngineTestBase {
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final int JOBS = 5;

    @Test
    void aLeaderTaskBlockedForTwiceTheLeaseAndTheNodeTimeoutStarvesNoLeaseAndNoNode() throws Exception {
        CountDownLatch scanBlocked = new CountDownLatch(1);
        CountDownLatch unblockScan = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(JOBS);
        CountDownLatch finish = new CountDownLatch(1);
        Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
        AtomicInteger rescued = new AtomicInteger();
        JobListener rescues = new JobListener() {
            @Override
            public void jobRescued(UUID id, String type, String node, Duration ran, String reason) {
                rescued.incrementAndGet();
            }
        };
        SqliteJobStore real = h.rawStore(); // closed by the harness after the nodes
        // the leader's artifact scan hangs (a huge scan, a slow disk, a database that stalls) until the test lets it go
        JobStore slowScan = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
                (p, m, args) -> {
                    if (m.getName().equals("artifactsPage")) {
                        scanBlocked.countDown();
                        EngineHarness.awaitIgnoringInterrupts(unblockScan);
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try {
            Jobvault a = h.start(h.builder("a").store(slowScan).leaseDuration(LEASE).heartbeatInterval(HEARTBEAT)
                    .nodeTimeout(NODE_TIMEOUT).queue("default", JOBS).listener(rescues).handler("work", ctx -> {
                        runs.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet();
                        started.countDown();
                        EngineHarness.awaitIgnoringInterrupts(finish);
                        return JobOutcome.success();
                    }));
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) ids.add(a.submit(JobRequest.of("work", "{}")).id());
            assertThat(started.await(20, TimeUnit.SECONDS)).as("all jobs running on a").isTrue();
            assertThat(scanBlocked.await(20, TimeUnit.SECONDS)).as("a leads and its artifact scan hangs").isTrue();
            assertThat(real.leaderOf("maintenance")).contains("a");

            // a second node that would take over and rescue a's jobs if a's liveness lapsed
            Jobvault b = h.start(h.builder("b").leaseDuration(LEASE).heartbeatInterval(HEARTBEAT).nodeTimeout(NODE_TIMEOUT)
                    .queue("default", JOBS).listener(rescues).handler("work", ctx -> {
                        runs.computeIfAbsent(ctx.jobId(), id -> new AtomicInteger()).incrementAndGet();
                        return JobOutcome.success();
                    }));

            // 65 s of clock time while the scan hangs: over twice the lease and three times the node timeout
            for (int step = 0; step < 13; step++) {
                h.clock.advance(Duration.ofSeconds(5));
                Instant now = h.clock.instant();
                await("a's node heartbeat and job leases at " + now + ", while its leader task blocks")
                        .atMost(EngineHarness.WAIT).pollInterval(Duration.ofMillis(5)).until(() ->
                                !real.nodesSilentSince(now).contains("a") && !real.nodesSilentSince(now).contains("b")
                                        && ids.stream().map(a::get).allMatch(j -> j.state() == JobState.RUNNING
                                                && "a".equals(j.leaseOwner())
                                                && j.leaseExpiresAt().isAfter(now.plus(LEASE).minus(HEARTBEAT))));
                assertThat(real.leaderOf("maintenance")).as("leader at " + now).isEqualTo(Optional.of("a"));
            }
            assertThat(rescued).as("jobs rescued while a's leader task blocked").hasValue(0);

            unblockScan.countDown();
            finish.countDown();
            for (UUID id : ids) {
                Job done = awaitState(a, id, JobState.SUCCEEDED);
                assertThat(done.attempt()).as("attempts of " + id).isEqualTo(1);
                assertThat(a.attempts(id)).hasSize(1);
            }
            assertThat(runs).hasSize(JOBS).allSatisfy((id, n) -> assertThat(n).as("runs of " + id).hasValue(1));
            assertThat(rescued).hasValue(0);
            assertThat(real.nodesSilentSince(h.clock.instant().plusSeconds(1))).containsExactlyInAnyOrder("a", "b");
            assertThat(b.get(ids.getFirst()).state()).isEqualTo(JobState.SUCCEEDED);
        } finally {
            unblockScan.countDown();
            finish.countDown();
        }
    }
}
