package io.jobvault.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Retention;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleCodec;
import io.jobvault.schedule.ScheduleListener;
import io.jobvault.schedule.Scheduler;
import io.jobvault.schedule.Timing;
import io.jobvault.store.FireRow;
import io.jobvault.store.JobInsert;
import io.jobvault.store.ScheduleRow;
import io.jobvault.store.ScheduleStore;
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
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two schedulers on one PostgreSQL database, ticking at the same instants on purpose (no leader election to keep them
 * apart), one restarted half-way: every fire exists once and enqueued exactly one job per key.
 */
class ScheduleExactlyOnceTest {
    private final String url = PostgresTestSchemas.newSchemaUrl();
    private final SettableClock clock = SettableClock.atFixedStart();
    private PostgresJobStore a;
    private PostgresJobStore b;

    /** Steps refused because the other node had recorded them: proof the two really raced. */
    private final java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();

    private Scheduler scheduler(PostgresJobStore store) {
        ScheduleStore counting = (ScheduleStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ScheduleStore.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("scheduleFire") && Boolean.FALSE.equals(result)) lost.incrementAndGet();
                    return result;
                });
        return new Scheduler(counting, ScheduleExactlyOnceTest::insert, id -> {}, queues -> {}, new ScheduleListener() {},
                Duration.ofMillis(1), Duration.ofMinutes(1), Duration.ofDays(90));
    }

    private static JobInsert insert(JobRequest r) {
        return new JobInsert(UUID.randomUUID(), r.type(), r.queue(), JobState.AVAILABLE, r.priority(), r.payload(), 3,
                Instant.EPOCH, null, r.tenant(), null, null, Retention.all(Duration.ofDays(7)), r.labels(), Instant.EPOCH);
    }

    @AfterEach
    void drop() throws Exception {
        if (a != null) a.close();
        if (b != null) b.close();
        PostgresTestSchemas.drop(url);
    }

    @Test
    void everyFireEnqueuesItsJobsOnceThoughTwoNodesTickTogetherAndOneRestarts() throws Exception {
        a = PostgresJobStore.open(url);
        b = PostgresJobStore.open(url);
        Schedule s = Schedule.builder("every-second", Timing.every(Duration.ofSeconds(1)), JobTemplate.of("report"))
                .keys(List.of("k1", "k2", "k3")).build();
        Instant start = clock.instant();
        a.scheduleUpsert(new ScheduleRow(s.id(), ScheduleCodec.write(s), false, start.plusSeconds(1), null, "api", start, start, 0));
        Scheduler onA = scheduler(a);
        Scheduler[] onB = {scheduler(b)};
        CyclicBarrier together = new CyclicBarrier(2);
        int steps = 120;
        for (int i = 1; i <= steps; i++) {
            clock.set(start.plusMillis(500L * i));
            Instant now = clock.instant();
            if (i == steps / 2) { // node B restarts in the middle of the run
                b.close();
                b = PostgresJobStore.open(url);
                onB[0] = scheduler(b);
            }
            Scheduler onBNow = onB[0];
            FutureTask<Void> other = new FutureTask<>(() -> {
                await(together);
                onBNow.tick(now);
                return null;
            });
            Thread.ofPlatform().start(other);
            await(together);
            onA.tick(now);
            other.get(30, TimeUnit.SECONDS); // B's tick failing fails the test, as A's does
        }
        Instant end = start.plusMillis(500L * steps);
        assertThat(lost.get()).as("steps the other node had recorded first").isPositive();
        List<FireRow> fires = a.fires(s.id(), null, 1000);
        assertThat(fires).hasSize(60).allMatch(f -> f.status().equals("enqueued"));
        assertThat(fires).extracting(FireRow::fireAt).doesNotHaveDuplicates()
                .allMatch(t -> !t.isAfter(end) && t.isAfter(start));
        Map<String, Integer> jobsPerFireAndKey = new HashMap<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT f.fire_at, f.fire_key, count(*) FROM schedule_fire_jobs f"
                     + " JOIN jobs j ON j.id = f.job_id GROUP BY 1, 2")) {
            while (rs.next()) jobsPerFireAndKey.put(rs.getLong(1) + "/" + rs.getString(2), rs.getInt(3));
        }
        assertThat(jobsPerFireAndKey).hasSize(60 * 3).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM jobs")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(60 * 3);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
