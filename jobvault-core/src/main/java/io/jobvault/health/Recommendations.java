package io.jobvault.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain-language advice from a report's figures: what is wrong, and the command or call that fixes it. */
final class Recommendations {
    private Recommendations() {}

    static List<String> of(List<HealthReport.ScheduleCoverage> schedules, Map<String, List<String>> invalidSchedules,
                           List<HealthReport.TypeOutcomes> types, List<String> stuck, HealthReport.Latency queue,
                           HealthReport.Latency store) {
        List<String> out = new ArrayList<>();
        invalidSchedules.forEach((id, problems) -> out.add("schedule " + id + " does not run: its stored definition is invalid ("
                + String.join("; ", problems) + ") — correct it with PUT /v1/schedules/" + id + " or in the schedules file"));
        for (HealthReport.ScheduleCoverage s : schedules) {
            Map<String, HealthReport.MissingKey> byKey = new LinkedHashMap<>();
            for (HealthReport.MissingKey m : s.missingKeys()) {
                if (!m.state().equals("running")) byKey.putIfAbsent(m.key(), m);
            }
            if (!byKey.isEmpty()) {
                HealthReport.MissingKey first = byKey.values().iterator().next();
                boolean fanOut = !first.key().isEmpty();
                String who = fanOut ? byKey.size() + " key(s) (" + String.join(", ", byKey.keySet().stream().limit(5).toList())
                        + (byKey.size() > 5 ? ", …" : "") + ")" : "1 run";
                out.add(who + " of " + s.id() + " did not succeed since " + first.fireAt() + " — trigger them with ./jobvault"
                        + " schedules trigger " + s.id() + (fanOut && byKey.size() == 1 ? " --key " + first.key() : "")
                        + " --reason '…'" + (fanOut && byKey.size() > 1 ? " (or --key KEY for each)" : ""));
            }
            if (s.missedFires() > s.ranLateFires()) {
                int notRun = s.missedFires() - s.ranLateFires();
                out.add(s.id() + " did not run " + notRun + " fire(s) in the period (nodes down or paused; misfire policy);"
                        + " GET /v1/schedules/" + s.id() + "/fires shows which — trigger them with --fire FIRE_AT if they still matter");
            }
            if (s.ranLateFires() > 0) {
                out.add(s.id() + " ran " + s.ranLateFires() + " fire(s) late, after every node was down, the schedule paused"
                        + " or the scheduler busy at their time — check the nodes' uptime around those fires");
            }
            if (s.recordedFires() < s.expectedFires() && !s.paused()) {
                out.add(s.id() + " fired " + s.recordedFires() + " of " + s.expectedFires() + " expected times — is every"
                        + " node down or stuck? Check /health/ready and the maintenance leader in GET /v1/health");
            }
            if (s.paused()) out.add(s.id() + " is paused; resume it with ./jobvault schedules resume " + s.id());
        }
        for (HealthReport.TypeOutcomes t : types) {
            if (t.failing()) {
                out.add(String.format(java.util.Locale.ROOT, "%s succeeded %.0f%% of the time (%d dead) — see GET"
                        + " /v1/jobs?state=dead&type=%s for the errors, fix, then retry them", t.type(), t.successRate() * 100,
                        t.dead(), t.type()));
            }
        }
        if (!stuck.isEmpty()) {
            out.add(stuck.size() + " job(s) got stuck and were taken back — check those nodes' logs; handlers that ignore"
                    + " interrupts or block past their timeout look like this");
        }
        if (queue.p99() != null && queue.p99().compareTo(Duration.ofMinutes(1)) > 0) {
            out.add("jobs waited up to " + queue.p99().toSeconds() + " s (p99) for a worker — add concurrency or nodes for"
                    + " the busy queues (GET /v1/health shows queue depths)");
        }
        if (store.p50() != null && store.p50().compareTo(Duration.ofMillis(100)) > 0) {
            out.add("the store answers slowly (" + store.p50().toMillis() + " ms for a small read) — check the database's"
                    + " load, and that autovacuum is on");
        }
        if (out.isEmpty()) out.add("nothing to do: every scheduled run succeeded and no job type is failing");
        return out;
    }
}
