package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.health.HealthReportJob;
import io.jobvault.testkit.SettableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The health report's built-in schedule: there with the option, in the schedules list (HTTP and CLI) as source
 * {@code builtin}; its id reserved and not deletable through the API; changed with the option, and gone when a node
 * starts without it. Without the option nothing is added.
 */
class HealthReportScheduleTest {
    @TempDir
    Path dir;
    final SettableClock clock = SettableClock.atFixedStart();
    JobvaultServer server;

    private ApiClient start(Consumer<io.jobvault.JobvaultBuilder> option) {
        if (server != null) server.close();
        server = JobvaultServer.start(new ServerConfig("127.0.0.1", 0, 64 * 1024, "jdbc:sqlite:" + dir.resolve("jobvault.db"),
                ServerTestBase.ADMIN_TOKEN), b -> {
            b.nodeId("n").clock(clock).queue("default", 1);
            option.accept(b);
        });
        return new ApiClient(server.port(), ServerTestBase.ADMIN_TOKEN);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static String schedulesList(int port) {
        StringWriter out = new StringWriter();
        int exit = new CommandLine(new SchedulesCommand()).setOut(new PrintWriter(out, true))
                .execute("list", "--url", "http://127.0.0.1:" + port, "--token", ServerTestBase.ADMIN_TOKEN);
        assertThat(exit).isZero();
        return out.toString();
    }

    @Test
    void theOptionAddsABuiltInScheduleThatOnlyTheOptionChangesOrRemoves() {
        ApiClient api = start(b -> { });
        assertThat(api.get("/v1/schedules").json().get("items")).as("without the option nothing is added").isEmpty();

        api = start(b -> b.healthReport("0 8 * * *", ZoneId.of("Europe/Berlin")));
        JsonNode s = api.get("/v1/schedules").json().get("items").get(0);
        assertThat(s.get("id").asText()).isEqualTo(HealthReportJob.SCHEDULE_ID);
        assertThat(s.get("source").asText()).isEqualTo("builtin");
        assertThat(s.get("job").get("type").asText()).isEqualTo(HealthReportJob.JOB_TYPE);
        assertThat(s.get("job").get("queue").asText()).isEqualTo(HealthReportJob.QUEUE);
        assertThat(s.get("deadline").asText()).isEqualTo("PT1H");
        assertThat(s.get("nextFireAt").asText()).isEqualTo("2030-01-01T07:00:00Z"); // 08:00 in Berlin
        assertThat(schedulesList(server.port())).contains("jobvault.health-report", "0 8 * * *", "Europe/Berlin", "builtin");

        // reserved: the API can neither define an id of the prefix nor delete the built-in (pausing it is allowed)
        ServerTestBase.assertProblem(api.put("/v1/schedules/" + HealthReportJob.SCHEDULE_ID,
                "{\"cron\": \"* * * * *\", \"job\": {\"type\": \"x\"}}".getBytes(), "Content-Type", "application/json"), 422);
        ServerTestBase.assertProblem(api.put("/v1/schedules/jobvault.mine",
                "{\"cron\": \"* * * * *\", \"job\": {\"type\": \"x\"}}".getBytes(), "Content-Type", "application/json"), 422);
        assertThat(ServerTestBase.assertProblem(api.method("DELETE", "/v1/schedules/" + HealthReportJob.SCHEDULE_ID), 409).json()
                .get("detail").asText()).contains("built in");
        assertThat(api.post("/v1/schedules/" + HealthReportJob.SCHEDULE_ID + "/pause", "").status()).isEqualTo(200);
        assertThat(api.post("/v1/schedules/" + HealthReportJob.SCHEDULE_ID + "/resume", "").status()).isEqualTo(200);

        api = start(b -> b.healthReport("30 7 * * 1-5", ZoneId.of("UTC"), Duration.ofDays(3)));
        s = api.get("/v1/schedules/" + HealthReportJob.SCHEDULE_ID).json();
        assertThat(s.get("cron").asText()).isEqualTo("30 7 * * 1-5");
        assertThat(s.get("job").get("payload").get("period").asText()).isEqualTo("PT72H");

        api = start(b -> { });
        assertThat(api.get("/v1/schedules/" + HealthReportJob.SCHEDULE_ID).status()).as("removed with the option").isEqualTo(404);
    }

    @Test
    void theServerCommandRefusesABadCronOrZoneAsAUsageError() {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err, true))
                .execute("--data", dir.toString(), "--health-report", "every morning");
        assertThat(exit).isEqualTo(2);
        exit = new CommandLine(new ServerCommand()).setErr(new PrintWriter(err, true))
                .execute("--data", dir.toString(), "--health-report", "0 8 * * *", "--zone", "Mars/Olympus");
        assertThat(exit).isEqualTo(2);
    }
}
