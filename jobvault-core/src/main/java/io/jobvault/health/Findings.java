package io.jobvault.health;

import io.jobvault.alert.AlertCondition;
import io.jobvault.alert.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The critical conditions in a report's figures, as alert conditions keyed by what they are about (a schedule, a job
 * type): so the same finding in tomorrow's report is the same alert, not a new one, and it resolves once a report
 * no longer finds it.
 */
final class Findings {
    /** Bounded, however many schedules and types there are. */
    static final int MAX = 100;
    private static final int KEYS_NAMED = 20;

    private Findings() {}

    static List<AlertCondition> of(List<HealthReport.ScheduleCoverage> schedules, Map<String, List<String>> invalidSchedules,
                                   List<HealthReport.TypeOutcomes> types) {
        List<AlertCondition> out = new ArrayList<>();
        invalidSchedules.forEach((id, problems) -> out.add(new AlertCondition("health.schedule-invalid:" + id,
                "health.schedule-invalid", Severity.CRITICAL, "Schedule " + id + " does not run: its stored definition is invalid",
                "The health report found the stored definition of " + id + " invalid (" + String.join("; ", problems)
                        + "): it is set aside, paused, and none of its fires run until it is corrected.",
                "correct it with PUT /v1/schedules/" + id + " (or in the schedules file it came from), then resume it",
                Map.of("schedule", id, "problems", String.join("; ", problems)))));
        for (HealthReport.ScheduleCoverage s : schedules) {
            missedKeys(s).ifPresent(out::add);
            int notRun = s.missedFires() - s.ranLateFires(); // a fire run late has its keys counted above
            if (notRun > 0) {
                out.add(new AlertCondition("health.missed-fires:" + s.id(), "health.missed-fires", Severity.CRITICAL,
                        "Schedule " + s.id() + " did not run " + notRun + " fire(s)",
                        "The health report found " + notRun + " fire(s) of " + s.id() + " that did not run (nodes down, or the"
                                + " schedule paused, and the misfire policy skipped or coalesced them).",
                        "GET /v1/schedules/" + s.id() + "/fires shows which; trigger them with ./jobvault schedules trigger "
                                + s.id() + " --reason '…' if they still matter",
                        Map.of("schedule", s.id(), "notRun", String.valueOf(notRun))));
            }
        }
        for (HealthReport.TypeOutcomes t : types) {
            if (!t.failing()) continue;
            String pct = String.format(Locale.ROOT, "%.0f%%", t.successRate() * 100);
            out.add(new AlertCondition("health.success-rate:" + t.type(), "health.success-rate", Severity.CRITICAL,
                    "Job type " + t.type() + " succeeded " + pct + " of the time",
                    "The health report found " + t.dead() + " dead and " + t.succeeded() + " succeeded job(s) of type " + t.type()
                            + " (" + pct + "; the threshold is " + Math.round(HealthReport.SUCCESS_THRESHOLD * 100) + "%).",
                    "GET /v1/jobs?state=dead&type=" + t.type() + " shows the errors; fix the cause, then retry them",
                    Map.of("type", t.type(), "dead", String.valueOf(t.dead()), "succeeded", String.valueOf(t.succeeded()),
                            "successRate", pct)));
        }
        return out.size() > MAX ? List.copyOf(out.subList(0, MAX)) : List.copyOf(out);
    }

    /** The keys of a schedule whose run failed or never happened (a run still going is not missed yet). */
    private static Optional<AlertCondition> missedKeys(HealthReport.ScheduleCoverage s) {
        Map<String, HealthReport.MissingKey> byKey = new LinkedHashMap<>();
        for (HealthReport.MissingKey m : s.missingKeys()) {
            if (!m.state().equals("running")) byKey.putIfAbsent(m.key(), m);
        }
        if (byKey.isEmpty()) return Optional.empty();
        boolean fanOut = !byKey.keySet().iterator().next().isEmpty();
        List<String> named = new ArrayList<>();
        for (HealthReport.MissingKey m : byKey.values()) {
            if (named.size() == KEYS_NAMED) break;
            named.add((fanOut ? m.key() : "the run") + " (fire " + m.fireAt() + ", " + m.state() + ")");
        }
        String more = byKey.size() > KEYS_NAMED ? " and " + (byKey.size() - KEYS_NAMED) + " more" : "";
        String one = byKey.size() == 1 && fanOut ? " --key " + byKey.keySet().iterator().next() : "";
        return Optional.of(new AlertCondition("health.missed-keys:" + s.id(), "health.missed-keys", Severity.CRITICAL,
                fanOut ? byKey.size() + " key(s) of " + s.id() + " missed their run" : "A run of " + s.id() + " did not succeed",
                "The health report found " + String.join(", ", named) + more + " without a successful run.",
                "re-run them with ./jobvault schedules trigger " + s.id() + one + " --reason '…'"
                        + (fanOut && byKey.size() > 1 ? " (or --key KEY for each)" : ""),
                Map.of("schedule", s.id(), "keys", String.join(",", byKey.keySet().stream().limit(KEYS_NAMED).toList()),
                        "missing", String.valueOf(byKey.size()),
                        // the fires these keys belong to: the dashboard offers to re-run each
                        "fires", String.join(",", byKey.values().stream().map(m -> m.fireAt().toString()).distinct().limit(KEYS_NAMED).toList()))));
    }
}
