package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.schedule.Schedules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A schedules file given to the server: read with every problem named, synced idempotently. */
class SchedulesFileTest extends ServerTestBase {
    private Path file(String json) throws Exception {
        return Files.writeString(dir.resolve("schedules.json"), json);
    }

    @Test
    void theFileIsSyncedIdempotentlyAndLeavesApiSchedulesAlone() throws Exception {
        api.put("/v1/schedules/from-api", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\"}}".getBytes(),
                "Content-Type", "application/json");
        Path f = file("""
                {"schedules": [
                  {"id": "nightly", "cron": "0 2 * * *", "zone": "Europe/Berlin", "job": {"type": "test.ok"}},
                  {"id": "quarter-hour", "every": "PT15M", "job": {"type": "test.ok"}, "overlap": "skip"}
                ]}""");
        Schedules schedules = server.jobvault().schedules();
        schedules.sync(Schedules.SOURCE_FILE, SchedulesFile.read(f));
        var before = schedules.get("nightly").orElseThrow();
        schedules.sync(Schedules.SOURCE_FILE, SchedulesFile.read(f)); // again: nothing changes
        assertThat(schedules.get("nightly").orElseThrow()).isEqualTo(before);

        f = file("{\"schedules\": [{\"id\": \"nightly\", \"cron\": \"0 2 * * *\", \"zone\": \"Europe/Berlin\", \"job\": {\"type\": \"test.ok\"}}]}");
        schedules.sync(Schedules.SOURCE_FILE, SchedulesFile.read(f));
        assertThat(schedules.list()).extracting(i -> i.schedule().id() + "/" + i.source())
                .containsExactly("from-api/api", "nightly/file");

        Path clash = file("{\"schedules\": [{\"id\": \"from-api\", \"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\"}}]}");
        assertThatThrownBy(() -> schedules.sync(Schedules.SOURCE_FILE, SchedulesFile.read(clash)))
                .hasMessageContaining("already defined through the api");
        assertProblem(api.put("/v1/schedules/nightly", "{\"every\": \"PT1H\", \"job\": {\"type\": \"test.ok\"}}".getBytes(),
                "Content-Type", "application/json"), 409); // the file owns it
    }

    @Test
    void anInvalidFileNamesEveryProblemByEntry() throws Exception {
        Path f = file("""
                {"schedules": [
                  {"id": "a", "cron": "0 2 * *", "job": {"type": "test.ok"}},
                  {"cron": "0 2 * * *", "job": {"type": "test.ok"}},
                  {"id": "c", "every": "PT1M", "job": {}, "misfire": "never"}
                ]}""");
        assertThatThrownBy(() -> SchedulesFile.read(f)).hasMessageContaining("schedule a: cron")
                .hasMessageContaining("schedule #2: id is required").hasMessageContaining("schedule c: job.type: required")
                .hasMessageContaining("schedule c: misfire");
        assertThatThrownBy(() -> SchedulesFile.read(file("[]"))).hasMessageContaining("expected {\"schedules\"");
        assertThatThrownBy(() -> SchedulesFile.read(dir.resolve("missing.json"))).hasMessageContaining("cannot read");
    }
}
