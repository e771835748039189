package io.jobvault.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jobvault schedules …} against a running server over loopback HTTP. */
class SchedulesCommandTest extends ServerTestBase {
    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = "http://127.0.0.1:" + server.port();
        all[args.length + 2] = "--token";
        all[args.length + 3] = ADMIN_TOKEN;
        int exit = new CommandLine(new SchedulesCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void listTriggerPauseResume() {
        api.put("/v1/schedules/report.daily", """
                {"cron": "0 6 * * *", "job": {"type": "test.ok"}, "keys": ["acme", "globex"]}""".getBytes(),
                "Content-Type", "application/json");
        Run list = run("list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("report.daily", "0 6 * * *", "2030-01-01T06:00:00Z", "active");
        Run trigger = run("trigger", "report.daily", "--reason", "acme asked", "--key", "acme");
        assertThat(trigger.exit()).as(trigger.err()).isZero();
        assertThat(trigger.out()).contains("report.daily: 1 job(s) enqueued");
        assertThat(run("trigger", "--all", "--reason", "outage", "--delay", "5m").out()).contains("2 job(s)");
        assertThat(run("pause", "report.daily").out()).contains("paused");
        assertThat(run("list").out()).contains("paused");
        assertThat(run("resume", "report.daily").exit()).isZero();
        Run missing = run("pause", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("404", "Schedule not found");
        assertThat(run("trigger", "--reason", "x").exit()).isEqualTo(2);
        assertThat(api.get("/v1/audit").json().get("items").get(0).get("action").asText()).isEqualTo("schedule.resume");
    }
}
