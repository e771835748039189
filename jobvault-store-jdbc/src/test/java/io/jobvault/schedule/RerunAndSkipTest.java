package io.jobvault.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.health.HealthReport;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operators' re-runs count toward the fire they re-run, and fires skipped by the overlap policy are recorded and, past
 * the schedule's allowance, alerted — on a real SQLite store driven by a settable clock.
 */
class RerunAndSkipTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant DAY1 = Instant.parse("2030-01-01T06:00:00Z");
    private static final Instant DAY2 = Instant.parse("2030-01-02T06:00:00Z");

    @TempDir
    Path dir;
    final SettableClock clock = new SettableClock(T0);
    final Map<String, String> failing = new ConcurrentHashMap<>();
    Jobvault jv;

    void start() {
        jv = Jobvault.builder().database("jdbc:sqlite:" + dir.resolve("jobvault.db")).artifactDirectory(dir.resolve("artifacts"))
                .clock(clock).nodeId("n1").tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50))
                .shutdownGrace(Duration.ofSeconds(2)).schedulerInterval(Duration.ofMillis(1)).queue("default", 4)
                .handler("report", ctx -> failing.containsKey(String.valueOf(ctx.labels().get("jobvault.key")))
                        ? JobOutcome.discard("the template is broken for this customer") : JobOutcome.success())
                .build();
    }

    @AfterEach
    void close() {
        if (jv != null) jv.close();
    }

    private FireCoverage scheduledFire(Instant at) {
        return jv.schedules().fires("daily", at.plusMillis(1), 10).stream()
                .filter(f -> f.fire().fireAt().equals(at) && f.fire().kind().equals("scheduled")).findFirst().orElseThrow();
    }

    /** Two daily fires in which globex failed. */
    private void twoDaysGlobexFailed() {
        start();
        failing.put("globex", "");
        jv.schedules().put(Schedule.builder("daily", Timing.cron("0 6 * * *"), JobTemplate.of("report"))
                .keys(List.of("acme", "globex", "initech")).build(), Schedules.SOURCE_API);
        for (Instant day : List.of(DAY1, DAY2)) {
            clock.set(day.plusMillis(100));
            await().atMost(WAIT).until(() -> jv.schedules().fires("daily", null, 10).stream().anyMatch(f -> f.fire().fireAt().equals(day))
                    && scheduledFire(day).failed().equals(List.of("globex")) && scheduledFire(day).succeeded().size() == 2);
        }
        failing.clear(); // the template is fixed
        clock.set(DAY2.plus(Duration.ofHours(3)));
    }

    @Test
    void aManualReRunOfAKeyCountsTowardTheLatestFireItMissedOnTheFiresPageAndInTheHealthReport() {
        twoDaysGlobexFailed();
        TriggerResult t = jv.schedules().trigger("daily", "token:ops", "template fix deployed (INC-4711)", null, "globex");
        assertThat(t.rerunOf()).isEqualTo(DAY2);
        await().atMost(WAIT).until(() -> jv.get(t.jobs().getFirst()).state() == JobState.SUCCEEDED);

        FireCoverage day2 = scheduledFire(DAY2);
        assertThat(day2.succeeded()).containsExactlyInAnyOrder("acme", "globex", "initech");
        assertThat(day2.failed()).isEmpty();
        assertThat(day2.complete()).isTrue();
        FireCoverage manual = jv.schedules().fires("daily", null, 1).getFirst();
        assertThat(manual.fire().kind()).isEqualTo("manual");
        assertThat(manual.fire().rerunOf()).isEqualTo(DAY2);
        assertThat(manual.succeeded()).containsExactly("globex");
        assertThat(scheduledFire(DAY1).failed()).containsExactly("globex"); // not re-run yet

        HealthReport.ScheduleCoverage report = jv.healthReport(Duration.ofDays(2)).schedules().getFirst();
        assertThat(report.recordedFires()).isEqualTo(2); // the re-run is counted with its fire, not as a fire of its own
        assertThat(report.missingKeys()).extracting(HealthReport.MissingKey::fireAt).containsExactly(DAY1);

        TriggerResult again = jv.schedules().trigger("daily", "token:ops", "and the day before", null, "globex");
        assertThat(again.rerunOf()).isEqualTo(DAY1); // the latest fire globex still misses
        await().atMost(WAIT).until(() -> scheduledFire(DAY1).complete());
        assertThat(jv.healthReport(Duration.ofDays(2)).schedules().getFirst().missingKeys()).isEmpty();
        assertThat(jv.schedules().trigger("daily", "token:ops", "nothing is missing", null, "globex").rerunOf()).isNull();
    }

    @Test
    void aTriggerNamesTheFireItReRunsOrNoneAndABadFireIsRefused() {
        twoDaysGlobexFailed();
        TriggerResult all = jv.schedules().trigger("daily", "token:ops", "re-run day one", null, null, Rerun.of(DAY1));
        assertThat(all.rerunOf()).isEqualTo(DAY1);
        assertThat(all.jobs()).hasSize(3); // that fire's keys
        await().atMost(WAIT).until(() -> scheduledFire(DAY1).complete());
        assertThat(scheduledFire(DAY2).failed()).containsExactly("globex");

        TriggerResult fresh = jv.schedules().trigger("daily", "token:ops", "a fresh run", null, "globex", Rerun.NONE);
        assertThat(fresh.rerunOf()).isNull();
        await().atMost(WAIT).until(() -> jv.get(fresh.jobs().getFirst()).state() == JobState.SUCCEEDED);
        assertThat(scheduledFire(DAY2).failed()).containsExactly("globex");

        assertThatThrownBy(() -> jv.schedules().trigger("daily", "token:ops", "r", null, "globex", Rerun.of(DAY1.plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scheduled fire at 2030-01-01T06:00:01Z");
        int fires = jv.schedules().fires("daily", null, 100).size();
        assertThat(fires).isEqualTo(4); // two scheduled, two manual: the refused trigger wrote nothing
    }

    @Test
    void overlapSkipsAreRecordedAndMoreInARowThanAllowedAlertUntilAFireRuns() {
        start();
        jv.schedules().put(Schedule.builder("daily", Timing.every(Duration.ofMinutes(1)), JobTemplate.of("report"))
                .overlap(OverlapPolicy.SKIP).build(), Schedules.SOURCE_API); // maxSkipsInARow: 1 by default
        TriggerResult manual = jv.schedules().trigger("daily", "token:ops", "after the upstream fix", Duration.ofMinutes(30), null);
        for (int minute = 1; minute <= 2; minute++) {
            clock.set(T0.plus(Duration.ofMinutes(minute)));
            int n = minute;
            await().atMost(WAIT).until(() -> jv.schedules().fires("daily", null, 10).stream()
                    .filter(f -> f.fire().status().equals("skipped")).count() == n);
            clock.advance(Duration.ofSeconds(16)); // the alert rules are evaluated every 15 s
            if (minute == 1) {
                await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> skippedAlert() == null); // one skip is allowed
            }
        }
        FireCoverage skipped = jv.schedules().fires("daily", null, 1).getFirst();
        assertThat(skipped.fire().reason()).contains("manual run of " + manual.fireAt(), "still going", "overlap policy skip");
        await().atMost(WAIT).until(() -> skippedAlert() != null);
        Alert alert = skippedAlert();
        assertThat(alert.open()).isTrue();
        assertThat(alert.title()).contains("skipped 2 fires in a row");
        assertThat(alert.message()).contains("1 in a row allowed", "manual run of " + manual.fireAt());
        assertThat(jv.healthReport(Duration.ofHours(1)).schedules().getFirst().skippedFires()).isEqualTo(2);

        jv.cancel(manual.jobs().getFirst()); // the run that was in the way ends: the next fire runs
        clock.set(T0.plus(Duration.ofMinutes(3)));
        await().atMost(WAIT).until(() -> jv.schedules().fires("daily", null, 1).getFirst().fire().status().equals("enqueued"));
        clock.advance(Duration.ofSeconds(16));
        await().atMost(WAIT).until(() -> !skippedAlert().open());
    }

    private Alert skippedAlert() {
        return jv.alerts(T0, 50).stream().filter(a -> a.key().equals("schedule.skipped:daily")).findFirst().orElse(null);
    }
}
