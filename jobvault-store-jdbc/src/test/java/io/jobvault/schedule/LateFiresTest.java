package io.jobvault.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.JobOutcome;
import io.jobvault.Jobvault;
import io.jobvault.alert.Alert;
import io.jobvault.health.HealthReport;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two nodes on one store (a SQLite file, or the real PostgreSQL), both down across two fires of a per-minute schedule
 * of three keys: after they restart the fires run late, each key exactly once per fire — no backup run, since a
 * fire's deadline counts from when its jobs were enqueued — and the late fires are alerted and reported.
 */
class LateFiresTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ID = "report.minutely";
    private static final List<String> KEYS = List.of("acme", "globex", "initech");
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;
    final SettableClock clock = new SettableClock(T0);
    /** One entry per run: "fire time/key". */
    final List<String> runs = new CopyOnWriteArrayList<>();
    final List<Jobvault> nodes = new ArrayList<>();
    ScheduleStores store;

    Jobvault node(String id) {
        Jobvault jv = Jobvault.builder().database(store.url).artifactDirectory(dir.resolve("artifacts")).clock(clock).nodeId(id)
                .tickInterval(Duration.ofMillis(5)).pollInterval(Duration.ofMillis(50)).shutdownGrace(Duration.ofSeconds(2))
                .schedulerInterval(Duration.ofMillis(1)).queue("default", 4)
                .handler("report", ctx -> {
                    runs.add(ctx.labels().get("jobvault.fire") + "/" + ctx.labels().get("jobvault.key"));
                    return JobOutcome.success();
                }).build();
        nodes.add(jv);
        return jv;
    }

    @AfterEach
    void close() throws Exception {
        nodes.reversed().forEach(Jobvault::close);
        if (store != null) store.close();
    }

    private void stopAll() {
        nodes.reversed().forEach(Jobvault::close);
        nodes.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void bothNodesDownAcrossTwoFiresEachKeyRunsOncePerFireAndTheLateFiresAreAlertedAndReported(String kind) {
        store = new ScheduleStores(kind, dir);
        node("a").schedules().put(Schedule.builder(ID, Timing.cron("* * * * *"), JobTemplate.of("report")).keys(KEYS)
                .misfire(MisfirePolicy.CATCH_UP).catchUpWindow(Duration.ofHours(1))
                .deadline(Duration.ofMinutes(1)).rerunWhenOverdue(true).build(), Schedules.SOURCE_API);
        node("b");
        clock.set(T0.plusSeconds(30));
        stopAll();
        clock.set(T0.plusSeconds(210)); // 00:01 and 00:02 passed with every node down; 00:03 is 30 s late (within the threshold)
        Jobvault a = node("a");
        node("b");

        List<Instant> fireTimes = List.of(T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));
        await().atMost(WAIT).until(() -> {
            List<FireCoverage> fires = a.schedules().fires(ID, null, 10);
            return fires.size() == 3 && fires.stream().allMatch(FireCoverage::complete);
        });
        assertThat(a.schedules().fires(ID, null, 10).reversed()).extracting(f -> f.fire().kind())
                .containsExactly("catch-up", "catch-up", "scheduled");

        clock.set(T0.plusSeconds(271)); // a minute after the late fires were enqueued: past every deadline
        await().atMost(WAIT).until(() -> a.schedules().fires(ID, fireTimes.getLast().plusMillis(1), 10).stream()
                .allMatch(f -> f.fire().status().equals("completed")));
        List<FireCoverage> settled = a.schedules().fires(ID, fireTimes.getLast().plusMillis(1), 10);
        assertThat(settled).extracting(f -> f.fire().kind()).doesNotContain("backup");
        assertThat(settled).allSatisfy(f -> assertThat(f.fire().overdueAt()).isNull());
        Map<String, Long> perFireAndKey = runs.stream().filter(r -> fireTimes.stream().anyMatch(t -> r.startsWith(t + "/")))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perFireAndKey).hasSize(9).allSatisfy((run, n) -> assertThat(n).as(run).isEqualTo(1));

        await().atMost(WAIT).until(() -> missedAlert(a) != null);
        Alert alert = missedAlert(a);
        assertThat(alert.title()).contains("missed 2 fire(s)");
        assertThat(alert.message()).contains(ID, "misfire policy catch-up", "2030-01-01T00:01:00Z run late as a catch-up",
                "2030-01-01T00:02:00Z run late as a catch-up");
        HealthReport.ScheduleCoverage report = a.healthReport(Duration.ofHours(1)).schedules().getFirst();
        assertThat(report.missedFires()).isEqualTo(2);
        assertThat(report.ranLateFires()).isEqualTo(2);
    }

    private Alert missedAlert(Jobvault jv) {
        return jv.alerts(T0, 50).stream().filter(x -> x.key().equals("schedule.missed:" + ID)).findFirst().orElse(null);
    }
}
