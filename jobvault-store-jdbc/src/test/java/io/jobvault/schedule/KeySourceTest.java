package io.jobvault.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fan-out whose keys a job returns (e.g. the customers active today): each fire runs the key-source job first, then
 * one job per key it named, exactly once; coverage is per key; a failed key source is a failed fire, alerted at its
 * deadline and re-run by the backup run.
 */
class KeySourceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart(); // 2030-01-01T00:00Z
    final List<String> reported = new CopyOnWriteArrayList<>();
    /** What the key source answers: a JSON result, or null to fail. */
    final AtomicReference<String> customers = new AtomicReference<>("[\"c1\", \"c2\", \"c3\"]");
    Jobvault jv;

    @AfterEach
    void close() {
        if (jv != null) jv.close();
    }

    private Jobvault start(ScheduleListener listener) {
        jv = Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobvault.db")).clock(clock).nodeId("n1")
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).schedulerInterval(Duration.ofMillis(1))
                .queue("default", 4).scheduleListener(listener)
                .jobType(io.jobvault.JobType.of("customers.active", ctx -> {
                    String answer = customers.get();
                    return answer == null ? JobOutcome.discard("customer database unreachable") : JobOutcome.success(answer);
                }).withMaxAttempts(1))
                .handler("report", ctx -> {
                    String key = ctx.payload().replaceAll(".*\"key\":\"([^\"]*)\".*", "$1");
                    reported.add(key);
                    return key.equals("c2") ? JobOutcome.discard("no data for c2") : JobOutcome.success();
                })
                .build();
        return jv;
    }

    private static Schedule.Builder daily() {
        return Schedule.builder("reports", Timing.cron("0 6 * * *"), JobTemplate.of("report")).keySource("customers.active")
                .deadline(Duration.ofHours(2)).rerunWhenOverdue(true);
    }

    /** The clock moves on a millisecond per look: the scheduler acts once per clock interval, as on a live node. */
    private void awaitTicking(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofMillis(1));
            return condition.call();
        });
    }

    private FireCoverage fire(String kind) {
        return jv.schedules().fires("reports", null, 10).stream().filter(f -> f.fire().kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void eachFireRunsTheKeySourceThenOneJobPerKeyItNamed() {
        start(new ScheduleListener() {});
        jv.schedules().put(daily().build(), Schedules.SOURCE_API);
        clock.set(Instant.parse("2030-01-01T06:00:00.100Z"));

        awaitTicking(() -> reported.size() == 3 && fire("scheduled").running().isEmpty());
        FireCoverage c = fire("scheduled");
        assertThat(c.fire().status()).isEqualTo("enqueued");
        assertThat(FireCoverage.expectedKeys(c.fire())).containsExactly("c1", "c2", "c3");
        assertThat(c.succeeded()).containsExactlyInAnyOrder("c1", "c3");
        assertThat(c.failed()).containsExactly("c2");
        assertThat(reported).containsExactlyInAnyOrder("c1", "c2", "c3"); // each key once

        // one key again, by hand: any key may be named, since the list lives in the key source
        jv.schedules().trigger("reports", "ops", "c2 data was fixed", null, "c2");
        awaitTicking(() -> reported.size() == 4);
        assertThat(reported.getLast()).isEqualTo("c2");
    }

    @Test
    void aFailedKeySourceIsAFailedFireThatTheBackupRunRepeats() {
        List<FireCoverage> overdue = new CopyOnWriteArrayList<>();
        start(new ScheduleListener() {
            @Override
            public void fireOverdue(FireCoverage coverage, boolean backupEnqueued) {
                overdue.add(coverage);
            }
        });
        customers.set(null);
        jv.schedules().put(daily().build(), Schedules.SOURCE_API);
        clock.set(Instant.parse("2030-01-01T06:00:00.100Z"));
        awaitTicking(() -> fire("scheduled").fire().status().equals("enqueued"));
        FireCoverage failed = fire("scheduled");
        assertThat(failed.fire().reason()).contains("no keys").contains("DEAD");
        assertThat(failed.failed()).containsExactly("");
        assertThat(reported).isEmpty();

        customers.set("{\"keys\": [\"c1\"]}");
        clock.set(Instant.parse("2030-01-01T08:00:01Z")); // past the 2 h deadline
        awaitTicking(() -> !overdue.isEmpty());
        awaitTicking(() -> reported.contains("c1"));
        FireCoverage backup = fire("backup");
        assertThat(FireCoverage.expectedKeys(backup.fire())).containsExactly("c1");
        awaitTicking(() -> fire("backup").succeeded().contains("c1"));
    }

    @Test
    void aKeySourceGoesInTheDefinitionAndExcludesAStoredKeyList() {
        Schedule s = daily().build();
        assertThat(ScheduleCodec.read(ScheduleCodec.write(s)).keySource()).isEqualTo("customers.active");
        assertThatThrownBy(() -> daily().keys(List.of("a")).build()).hasMessageContaining("keys / keySource: give one of them");
        assertThatThrownBy(() -> daily().keySource("bad type!").build()).hasMessageContaining("keySource must be a job type name");
    }

    @Test
    void aTemplatesConcurrencyKeyNamesEachFanOutKey() {
        JobTemplate t = JobTemplate.of("report").withConcurrencyKey("customer:{key}", 1);
        Schedule s = Schedule.builder("reports", Timing.cron("0 6 * * *"), t).keys(List.of("c1", "c2")).build();
        Schedule read = ScheduleCodec.read(ScheduleCodec.write(s));
        assertThat(read.job()).isEqualTo(t);
        assertThat(ScheduleJobs.requests("reports", read.job(), read.keys(), Instant.EPOCH, null))
                .extracting(io.jobvault.JobRequest::concurrencyKey).containsExactly("customer:c1", "customer:c2");
        assertThatThrownBy(() -> Schedule.builder("x", Timing.cron("0 6 * * *"), JobTemplate.of("report")
                .withConcurrencyKey("customer:{key}", 0)).build()).hasMessageContaining("concurrencyLimit");
    }
}
