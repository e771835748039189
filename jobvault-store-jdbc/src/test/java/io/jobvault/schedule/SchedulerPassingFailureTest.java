package io.jobvault.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Retention;
import io.jobvault.store.JobInsert;
import io.jobvault.store.ScheduleRow;
import io.jobvault.store.sqlite.SqliteJobStore;
import io.jobvault.testkit.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failure that is not the definition's (here the wake-up after a fire) is retried, not a reason to pause. */
class SchedulerPassingFailureTest {
    @TempDir
    Path dir;
    private final SettableClock clock = SettableClock.atFixedStart();

    private static JobInsert insert(JobRequest r) {
        return new JobInsert(UUID.randomUUID(), r.type(), r.queue(), JobState.AVAILABLE, r.priority(), r.payload(), 3,
                Instant.EPOCH, null, r.tenant(), null, null, Retention.all(Duration.ofDays(7)), r.labels(), Instant.EPOCH);
    }

    @Test
    void anIllegalArgumentFromOutsideTheDefinitionDoesNotPauseTheSchedule() {
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("jobvault.db"))) {
            Schedule s = Schedule.builder("every-second", Timing.every(Duration.ofSeconds(1)), JobTemplate.of("report")).build();
            Instant start = clock.instant();
            store.scheduleUpsert(new ScheduleRow(s.id(), ScheduleCodec.write(s), false, start.plusSeconds(1), null, "api", start, start, 0));
            AtomicInteger wakes = new AtomicInteger();
            List<String> invalid = new CopyOnWriteArrayList<>();
            Scheduler scheduler = new Scheduler(store, SchedulerPassingFailureTest::insert, id -> {}, queues -> {
                if (wakes.incrementAndGet() == 1) throw new IllegalArgumentException("a wake-up that failed once");
            }, new ScheduleListener() {
                @Override
                public void definitionInvalid(String scheduleId, String problem) {
                    invalid.add(scheduleId);
                }
            }, Duration.ofMillis(1), Duration.ofMinutes(1), Duration.ofDays(90));

            scheduler.tick(start.plusMillis(1500));
            assertThat(store.scheduleGet(s.id()).orElseThrow().paused()).isFalse();
            assertThat(invalid).isEmpty();

            scheduler.tick(start.plusMillis(2500));
            assertThat(wakes).hasValue(2);
            assertThat(store.fires(s.id(), null, 10)).hasSize(2);
        }
    }
}
