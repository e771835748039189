package io.jobvault.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.JobvaultBuilder;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schedules on a real SQLite store, driven by a settable clock (starts 2030-01-01T00:00Z). */
class ScheduleTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();
    final List<String> ran = new CopyOnWriteArrayList<>();
    final List<Jobvault> opened = new ArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    final Map<String, String> behaviour = new ConcurrentHashMap<>();

    JobvaultBuilder builder() {
        return Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobvault.db")).clock(clock).nodeId("n1")
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).shutdownGrace(Duration.ofSeconds(2))
                .schedulerInterval(Duration.ofMillis(1)).queue("default", 8)
                .handler("report", ctx -> {
                    String key = ctx.payload().contains("\"key\"") ? ctx.payload().replaceAll(".*\"key\":\"([^\"]*)\".*", "$1") : "";
                    ran.add(key);
                    switch (behaviour.getOrDefault(key, "ok")) {
                        case "fail" -> { return JobOutcome.discard("this key always fails"); }
                        case "block" -> release.await();
                        default -> { }
                    }
                    return JobOutcome.success();
                });
    }

    Jobvault start() {
        Jobvault jv = builder().build();
        opened.add(jv);
        return jv;
    }

    @AfterEach
    void close() {
        release.countDown();
        opened.reversed().forEach(Jobvault::close);
    }

    static Schedule.Builder daily(String id) {
        return Schedule.builder(id, Timing.cron("0 6 * * *"), JobTemplate.of("report"));
    }

    static List<FireCoverage> awaitFires(Jobvault jv, String id, int n) {
        await().atMost(WAIT).until(() -> jv.schedules().fires(id, null, 1000).size() >= n);
        return jv.schedules().fires(id, null, 1000).reversed(); // oldest first
    }

    @Test
    void eachFireEnqueuesOneJobAtItsTime() {
        Jobvault jv = start();
        ScheduleInfo info = jv.schedules().put(daily("daily").build(), Schedules.SOURCE_API);
        assertThat(info.nextFireAt()).isEqualTo(Instant.parse("2030-01-01T06:00:00Z"));
        clock.set(Instant.parse("2030-01-01T06:00:00.500Z"));
        List<FireCoverage> fires = awaitFires(jv, "daily", 1);
        assertThat(fires.getFirst().fire().kind()).isEqualTo("scheduled");
        await().atMost(WAIT).until(() -> jv.schedules().fires("daily", null, 10).getFirst().complete());
        assertThat(jv.schedules().get("daily").orElseThrow().nextFireAt()).isEqualTo(Instant.parse("2030-01-02T06:00:00Z"));
        clock.set(Instant.parse("2030-01-02T06:00:01Z"));
        awaitFires(jv, "daily", 2);
        await().atMost(WAIT).until(() -> ran.size() == 2);
        assertThat(jv.schedules().fires("daily", null, 10)).hasSize(2);
    }

    /** Every node down from 2030-01-01 00:00 to 2030-01-04 05:00: the 06:00 fires of Jan 1, 2 and 3 were missed. */
    private List<FireCoverage> afterThreeDayOutage(Schedule s) {
        Jobvault first = start();
        first.schedules().put(s, Schedules.SOURCE_API);
        first.close();
        opened.remove(first);
        clock.set(Instant.parse("2030-01-04T05:00:00Z"));
        Jobvault jv = start();
        List<FireCoverage> fires = awaitFires(jv, s.id(), 3);
        assertThat(fires).extracting(f -> f.fire().fireAt()).containsExactly(Instant.parse("2030-01-01T06:00:00Z"),
                Instant.parse("2030-01-02T06:00:00Z"), Instant.parse("2030-01-03T06:00:00Z"));
        assertThat(jv.schedules().get(s.id()).orElseThrow().nextFireAt()).isEqualTo(Instant.parse("2030-01-04T06:00:00Z"));
        return fires;
    }

    @Test
    void catchUpEnqueuesEveryMissedFireWithinTheWindowOldestFirst() {
        List<FireCoverage> fires = afterThreeDayOutage(daily("c").misfire(MisfirePolicy.CATCH_UP).catchUpWindow(Duration.ofHours(48)).build());
        assertThat(fires).extracting(f -> f.fire().status()).containsExactly("missed", "enqueued", "enqueued");
        assertThat(fires.get(0).fire().reason()).contains("catch-up window");
        assertThat(fires.get(1).fire().kind()).isEqualTo("catch-up");
        await().atMost(WAIT).until(() -> ran.size() == 2);
    }

    @Test
    void runOnceEnqueuesOneRunAndRecordsTheOthersMissed() {
        List<FireCoverage> fires = afterThreeDayOutage(daily("o").misfire(MisfirePolicy.RUN_ONCE).build());
        assertThat(fires).extracting(f -> f.fire().status()).containsExactly("missed", "missed", "enqueued");
        assertThat(fires.get(0).fire().reason()).contains("coalesced into the run for 2030-01-03T06:00:00Z");
        await().atMost(WAIT).until(() -> ran.size() == 1);
        assertThat(fires.get(0).neverRan()).containsExactly("");
    }

    @Test
    void skipEnqueuesNothingButRecordsEveryMissedFire() throws Exception {
        List<FireCoverage> fires = afterThreeDayOutage(daily("s").misfire(MisfirePolicy.SKIP).build());
        assertThat(fires).extracting(f -> f.fire().status()).containsOnly("missed");
        Jobvault jv = opened.getLast();
        clock.set(Instant.parse("2030-01-04T06:00:00.010Z")); // the next fire is on time again
        awaitFires(jv, "s", 4);
        await().atMost(WAIT).until(() -> ran.size() == 1);
    }

    @Test
    void aPausedScheduleFollowsItsMisfirePolicyWhenResumed() {
        Jobvault jv = start();
        jv.schedules().put(daily("p").misfire(MisfirePolicy.RUN_ONCE).build(), Schedules.SOURCE_API);
        assertThat(jv.schedules().pause("p").paused()).isTrue();
        clock.set(Instant.parse("2030-01-03T12:00:00Z"));
        assertThat(jv.schedules().fires("p", null, 10)).isEmpty();
        jv.schedules().resume("p");
        clock.advance(Duration.ofSeconds(1)); // the scheduler looks again at its next interval, by the engine clock
        List<FireCoverage> fires = awaitFires(jv, "p", 3);
        assertThat(fires).extracting(f -> f.fire().status()).containsExactly("missed", "missed", "enqueued");
        assertThatThrownBy(() -> jv.schedules().pause("nope")).isInstanceOf(NoSuchScheduleException.class);
    }

    @Test
    void overlapSkipRecordsTheFireSkippedWhileThePreviousRunGoesOn() {
        behaviour.put("", "block");
        Jobvault jv = start();
        jv.schedules().put(Schedule.builder("o", Timing.every(Duration.ofMinutes(1)), JobTemplate.of("report"))
                .overlap(OverlapPolicy.SKIP).build(), Schedules.SOURCE_API);
        clock.set(START.plusSeconds(60));
        awaitFires(jv, "o", 1);
        await().atMost(WAIT).until(() -> ran.size() == 1);
        clock.set(START.plusSeconds(120));
        List<FireCoverage> fires = awaitFires(jv, "o", 2);
        assertThat(fires.get(1).fire().status()).isEqualTo("skipped");
        assertThat(fires.get(1).fire().reason()).contains("still going");
        assertThat(fires.get(0).running()).containsExactly("");
    }

    @Test
    void overlapCancelPreviousCancelsTheRunningJobThenEnqueues() {
        behaviour.put("", "block");
        Jobvault jv = start();
        jv.schedules().put(Schedule.builder("c", Timing.every(Duration.ofMinutes(1)), JobTemplate.of("report"))
                .overlap(OverlapPolicy.CANCEL_PREVIOUS).build(), Schedules.SOURCE_API);
        clock.set(START.plusSeconds(60));
        awaitFires(jv, "c", 1);
        await().atMost(WAIT).until(() -> ran.size() == 1);
        clock.set(START.plusSeconds(120));
        awaitFires(jv, "c", 2);
        await().atMost(WAIT).until(() -> jv.schedules().fires("c", null, 10).reversed().getFirst().failed().contains(""));
        await().atMost(WAIT).until(() -> ran.size() == 2); // the new run started
    }

    @Test
    void fanOutCoverageNamesEachKeysOutcomeAndAnOverdueFireGetsABackupRunOfTheMissingKeys() {
        behaviour.put("b", "fail");
        behaviour.put("c", "block");
        List<FireCoverage> overdue = new CopyOnWriteArrayList<>();
        Jobvault jv = builder().scheduleListener(new ScheduleListener() {
            @Override
            public void fireOverdue(FireCoverage coverage, boolean backupEnqueued) {
                if (backupEnqueued) overdue.add(coverage);
            }
        }).build();
        opened.add(jv);
        jv.schedules().put(daily("fan").keys(List.of("a", "b", "c", "d")).deadline(Duration.ofHours(2))
                .rerunWhenOverdue(true).build(), Schedules.SOURCE_API);
        clock.set(Instant.parse("2030-01-01T06:00:00.100Z"));
        awaitFires(jv, "fan", 1);
        await().atMost(WAIT).until(() -> {
            FireCoverage c = jv.schedules().fires("fan", null, 1).getFirst();
            return c.succeeded().size() + c.failed().size() + c.running().size() == 4;
        });
        FireCoverage c = jv.schedules().fires("fan", null, 1).getFirst();
        assertThat(c.succeeded()).containsExactlyInAnyOrder("a", "d");
        assertThat(c.failed()).containsExactly("b");
        assertThat(c.running()).containsExactly("c");
        assertThat(c.complete()).isFalse();

        behaviour.put("b", "ok");
        clock.set(Instant.parse("2030-01-01T08:00:01Z")); // past the 2 h deadline
        await().atMost(WAIT).until(() -> !overdue.isEmpty());
        assertThat(overdue.getFirst().failed()).containsExactly("b");
        List<FireCoverage> fires = jv.schedules().fires("fan", null, 10);
        assertThat(fires).extracting(f -> f.fire().kind()).containsExactlyInAnyOrder("scheduled", "backup");
        FireCoverage scheduled = fires.stream().filter(f -> f.fire().kind().equals("scheduled")).findFirst().orElseThrow();
        assertThat(scheduled.fire().overdueAt()).isNotNull();
        await().atMost(WAIT).until(() -> jv.schedules().fires("fan", null, 10).stream()
                .filter(f -> f.fire().kind().equals("scheduled")).findFirst().orElseThrow().succeeded().contains("b"));
    }

    @Test
    void eachFireOfAPageGetsItsOwnJobs() {
        Jobvault jv = start();
        behaviour.put("b", "fail");
        jv.schedules().put(daily("paged").keys(List.of("a", "b")).build(), Schedules.SOURCE_API);
        for (int day = 1; day <= 3; day++) {
            clock.set(Instant.parse("2030-01-0" + day + "T06:00:00.100Z"));
            awaitFires(jv, "paged", day);
        }
        await().atMost(WAIT).until(() -> jv.schedules().fires("paged", null, 10).stream()
                .allMatch(f -> f.succeeded().size() + f.failed().size() == 2));

        List<FireCoverage> newest = jv.schedules().fires("paged", null, 2);
        assertThat(newest).extracting(f -> f.fire().fireAt())
                .containsExactly(Instant.parse("2030-01-03T06:00:00Z"), Instant.parse("2030-01-02T06:00:00Z"));
        List<FireCoverage> older = jv.schedules().fires("paged", newest.getLast().fire().fireAt(), 2);
        assertThat(older).extracting(f -> f.fire().fireAt()).containsExactly(Instant.parse("2030-01-01T06:00:00Z"));
        for (FireCoverage f : List.of(newest.get(0), newest.get(1), older.get(0))) { // each its own two jobs, no more
            assertThat(f.succeeded()).containsExactly("a");
            assertThat(f.failed()).containsExactly("b");
            assertThat(f.neverRan()).isEmpty();
        }
    }

    @Test
    void aFireWhoseJobsSucceedInTimeIsSettledCompleted() {
        Jobvault jv = start();
        jv.schedules().put(daily("ok").deadline(Duration.ofHours(1)).build(), Schedules.SOURCE_API);
        clock.set(Instant.parse("2030-01-01T06:00:00.100Z"));
        awaitFires(jv, "ok", 1);
        await().atMost(WAIT).until(() -> ran.size() == 1 && jv.schedules().fires("ok", null, 1).getFirst().complete());
        clock.set(Instant.parse("2030-01-01T07:00:01Z"));
        await().atMost(WAIT).until(() -> jv.schedules().fires("ok", null, 1).getFirst().fire().status().equals("completed"));
    }

    @Test
    void aManualTriggerRunsOneKeyOrAllAndIsAudited() {
        Jobvault jv = start();
        jv.schedules().put(daily("t").keys(List.of("x", "y")).build(), Schedules.SOURCE_API);
        TriggerResult one = jv.schedules().trigger("t", "token:ops", "customer x asked for a re-run", null, "x");
        assertThat(one.jobs()).hasSize(1);
        await().atMost(WAIT).until(() -> ran.contains("x"));
        TriggerResult all = jv.schedules().trigger("t", "token:ops", "re-run everything", Duration.ofMinutes(5), null);
        assertThat(all.jobs()).hasSize(2);
        assertThat(jv.get(all.jobs().getFirst()).state()).isEqualTo(JobState.SCHEDULED);
        var audit = jv.auditLog(0, 10);
        assertThat(audit).extracting(a -> a.action()).containsExactly("schedule.trigger", "schedule.trigger");
        assertThat(audit.getFirst().reason()).isEqualTo("re-run everything");
        assertThat(audit.getFirst().actor()).isEqualTo("token:ops");
        assertThat(audit.getFirst().details()).contains(all.jobs().getFirst().toString());
        assertThatThrownBy(() -> jv.schedules().trigger("t", "a", "", null, null)).hasMessageContaining("reason");
        assertThatThrownBy(() -> jv.schedules().trigger("t", "a", "r", null, "zz")).hasMessageContaining("no key");
        assertThat(jv.schedules().fires("t", null, 10)).extracting(f -> f.fire().kind()).containsOnly("manual");
        clock.advance(Duration.ofDays(366)); // audit entries are kept a year, fires 90 days
        await().atMost(WAIT).until(() -> jv.auditLog(0, 10).isEmpty() && jv.schedules().fires("t", null, 1000).stream()
                .noneMatch(f -> f.fire().kind().equals("manual"))); // (the year's missed daily fires are recorded anew)
    }

    @Test
    void aDelayedManualTriggerIsDueItsDeadlineFromWhenItRunsSoNoBackupDefeatsTheDelay() {
        Jobvault jv = start();
        jv.schedules().put(daily("late").deadline(Duration.ofMinutes(1)).rerunWhenOverdue(true).build(), Schedules.SOURCE_API);
        TriggerResult t = jv.schedules().trigger("late", "token:ops", "after the upstream fix", Duration.ofMinutes(2), null);
        assertThat(jv.schedules().fires("late", null, 1).getFirst().fire().deadlineAt()).isEqualTo(t.runAt().plus(Duration.ofMinutes(1)));
        clock.set(t.runAt()); // due now; a deadline counted from the trigger would have passed a minute ago
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofMillis(5)); // engine tasks paced by the clock keep going; far from the deadline
            return ran.size() == 1 && jv.schedules().fires("late", null, 1).getFirst().complete();
        });
        clock.set(t.runAt().plus(Duration.ofMinutes(1)).plusSeconds(1));
        await().atMost(WAIT).until(() -> jv.schedules().fires("late", null, 1).getFirst().fire().status().equals("completed"));
        assertThat(jv.schedules().fires("late", null, 10)).extracting(f -> f.fire().kind()).containsExactly("manual");
        assertThat(ran).hasSize(1);
    }

    @Test
    void codeDefinedSchedulesAreSyncedIdempotently() {
        Jobvault jv = builder().schedule(daily("code-a").build()).schedule(daily("code-b").build()).build();
        Instant next = jv.schedules().get("code-a").orElseThrow().nextFireAt();
        jv.close();
        clock.advance(Duration.ofHours(1));
        jv = builder().schedule(daily("code-a").build()).build(); // b removed from code
        opened.add(jv);
        assertThat(jv.schedules().list()).extracting(i -> i.schedule().id()).containsExactly("code-a");
        assertThat(jv.schedules().get("code-a").orElseThrow().nextFireAt()).isEqualTo(next); // state kept
        assertThat(jv.schedules().get("code-a").orElseThrow().source()).isEqualTo("code");
    }

    @Test
    void badDefinitionsAreRefusedNamingEveryProblem() {
        assertThatThrownBy(() -> Schedule.builder("bad id", Timing.cron("0 6 * * *"), JobTemplate.of("report"))
                .rerunWhenOverdue(true).keys(List.of("a", "a")).build())
                .hasMessageContaining("id must match").hasMessageContaining("rerunWhenOverdue needs a deadline")
                .hasMessageContaining("keys must be distinct");
        assertThatThrownBy(() -> Schedule.builder("fan", Timing.cron("0 6 * * *"), JobTemplate.of("report").withPayload("[1]"))
                .keys(List.of("a")).build()).hasMessageContaining("payload must be a JSON object");
    }
}
