package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.health.HealthReportText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jobvault health --report [--period 24h]}: the health report of a running server, for people. */
@Command(name = "health", mixinStandardHelpOptions = true, description = "Prints the health report of a running server.")
public final class HealthCommand implements Callable<Integer> {
    @Mixin
    SchedulesCommand.Remote remote;

    @Spec
    CommandSpec spec;

    @Option(names = "--report", required = true, description = "Print the report (schedule coverage, success, latency, advice).")
    boolean report;

    @Option(names = "--period", defaultValue = "24h", description = "The period to report on (default ${DEFAULT-VALUE}).")
    String period;

    @Override
    public Integer call() {
        JsonNode r = remote.send("GET", "/v1/health/report?period=" + URLEncoder.encode(period, StandardCharsets.UTF_8), null,
                spec.commandLine().getErr());
        if (r == null) return 1;
        spec.commandLine().getOut().print(HealthReportText.of(r));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
