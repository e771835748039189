package io.jobvault.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Job;
import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.schedule.FireCoverage;
import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.LateFires;
import io.jobvault.schedule.MisfirePolicy;
import io.jobvault.schedule.OverlapPolicy;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleListener;
import io.jobvault.schedule.Schedules;
import io.jobvault.schedule.Timing;
import io.jobvault.schedule.TriggerResult;
import io.jobvault.store.FireRow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedules example of docs/java-api.md: a code-defined daily fan-out, a run-time schedule, a manual re-run. */
class SchedulesExampleTest {
    @TempDir
    Path dir;

    private final List<String> rendered = new CopyOnWriteArrayList<>();

    private JobOutcome renderFor(String payload) {
        rendered.add(payload);
        return JobOutcome.success();
    }

    private void page(List<String> failed, List<String> neverRan) {
        throw new AssertionError("no fire is overdue in this test: " + failed + neverRan);
    }

    private void page(String lateFires) {
        throw new AssertionError("no fire is late in this test: " + lateFires);
    }

    @Test
    void aDailyScheduleIsSyncedAndAManualTriggerRunsOneKey() {
        List<String> customerIds = List.of("acme", "globex", "initech");
        String url = "jdbc:sqlite:" + dir.resolve("jobs.db");
        Schedule other = Schedule.builder("cleanup.hourly", Timing.every(Duration.ofHours(1)), JobTemplate.of("cleanup")).build();
        // doc:begin java-api-schedules
        Schedule daily = Schedule.builder("report.daily", Timing.cron("0 6 * * *"),
                        JobTemplate.of("report.daily").withPayload("{\"format\":\"pdf\"}"))
                .zone(ZoneId.of("Europe/Berlin"))
                .keys(customerIds)                        // fan-out: one job per key, payload gets "key"
                .misfire(MisfirePolicy.CATCH_UP).catchUpWindow(Duration.ofDays(2))
                .overlap(OverlapPolicy.SKIP)
                .deadline(Duration.ofHours(2)).rerunWhenOverdue(true)
                .maxSkipsInARow(1)                        // schedule.skipped when overlap skips more in a row (default 1)
                .build();                                 // IllegalArgumentException naming every problem

        Jobvault jv = Jobvault.builder().database(url).schedule(daily)   // defined in code, synced at start
                .scheduleListener(new ScheduleListener() {
                    @Override public void fireOverdue(FireCoverage c, boolean backupEnqueued) { page(c.failed(), c.neverRan()); }
                    @Override public void firesMissed(String id, MisfirePolicy p, List<FireRow> late) { page(LateFires.describe(late, p)); }
                })
                .queue("default", 4).handler("report.daily", ctx -> renderFor(ctx.payload())).build();

        jv.schedules().put(other, Schedules.SOURCE_API);          // or define at run time
        jv.schedules().fires("report.daily", null, 10)            // newest first, each a FireCoverage
                .forEach(f -> System.out.println(f.fire().fireAt() + " missing: " + f.neverRan() + f.failed()));
        TriggerResult rerun = jv.schedules().trigger("report.daily", "ops@example.com", "globex missed 06:00", null, "globex");
        // it re-runs the newest fire globex missed, whose coverage then counts it (rerun.rerunOf() says which; null: none
        // had, a fresh run); a sixth argument picks the fire: Rerun.of(fireAt), or Rerun.NONE for a fresh run
        // doc:end java-api-schedules
        try (jv) {
            assertThat(jv.schedules().list()).extracting(s -> s.schedule().id()).containsExactlyInAnyOrder("report.daily", "cleanup.hourly");
            assertThat(rerun.jobs()).hasSize(1);
            assertThat(rerun.rerunOf()).isNull(); // no fire has missed globex yet
            Job job = JavaApiExamplesTest.awaitEnd(jv, rerun.jobs().getFirst());
            assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(rendered).singleElement().asString().contains("\"key\":\"globex\"").contains("\"format\":\"pdf\"");
        }
    }
}
