package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
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
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Jobvault health report, %s to %s%n%n", r.get("from").asText(), r.get("to").asText());
        out.println("Schedules");
        if (r.get("schedules").isEmpty()) out.println("  (none)");
        for (JsonNode s : r.get("schedules")) {
            out.printf("  %-28s fires %d/%d expected, %d missed (%d run late), %d skipped, %d overdue; keys %d/%d succeeded%s%n",
                    s.get("id").asText(), s.get("recordedFires").asInt(), s.get("expectedFires").asInt(), s.get("missedFires").asInt(),
                    s.get("ranLateFires").asInt(), s.get("skippedFires").asInt(), s.get("overdueFires").asInt(), s.get("succeededKeys").asInt(), s.get("expectedKeys").asInt(),
                    s.get("paused").asBoolean() ? " (paused)" : "");
            for (JsonNode m : s.get("missingKeys")) {
                out.printf("    missing %-20s fire %s (%s)%n", m.get("key").asText().isEmpty() ? "(run)" : m.get("key").asText(),
                        m.get("fireAt").asText(), m.get("state").asText());
            }
        }
        out.println("\nJob types (jobs created in the period that finished)");
        for (JsonNode t : r.get("types")) {
            out.printf("  %-28s %6.1f%% succeeded  (%d ok, %d dead, %d cancelled)%n", t.get("type").asText(),
                    t.get("successRate").asDouble() * 100, t.get("succeeded").asLong(), t.get("dead").asLong(), t.get("cancelled").asLong());
        }
        JsonNode rec = r.get("recovery");
        out.printf("%nRecovery: %d job(s) failed then succeeded%s%n", rec.get("recovered").asLong(),
                rec.has("meanSeconds") ? String.format(", mean time to recovery %.1f s", rec.get("meanSeconds").asDouble()) : "");
        out.printf("Stuck jobs: %d%n", r.get("stuckJobs").size());
        latency(out, "Queue latency", r.get("queueLatency"));
        latency(out, "Store latency", r.get("storeLatency"));
        out.println("\nRecommendations");
        for (JsonNode a : r.get("recommendations")) out.println("  - " + a.asText());
        return 0;
    }

    private static void latency(PrintWriter out, String name, JsonNode l) {
        if (l.get("samples").asInt() == 0) {
            out.printf("%s: no samples%n", name);
        } else {
            out.printf("%s: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (%d samples)%n", name, l.get("p50Ms").asLong(),
                    l.get("p95Ms").asLong(), l.get("p99Ms").asLong(), l.get("maxMs").asLong(), l.get("samples").asInt());
        }
    }
}
