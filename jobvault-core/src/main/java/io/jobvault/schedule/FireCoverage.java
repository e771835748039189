package io.jobvault.schedule;

import io.jobvault.JobState;
import io.jobvault.json.Json;
import io.jobvault.store.FireJobState;
import io.jobvault.store.FireRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fire and, per expected key, how its run went — counting every run of that fire time (the fire itself, a backup
 * run): a key succeeded if any of its jobs did; else it is running while one is unfinished; else failed if one ended
 * DEAD or CANCELLED; else it never ran. Without fan-out the single job counts as key {@code ""}.
 *
 * @param expired keys whose jobs were all pruned, so their outcome is no longer known
 */
public record FireCoverage(FireRow fire, List<String> succeeded, List<String> running, List<String> failed,
                           List<String> neverRan, List<String> expired) {

    public static FireCoverage of(FireRow fire, List<FireJobState> jobs) {
        Map<String, List<JobState>> byKey = new LinkedHashMap<>();
        for (String k : expectedKeys(fire)) byKey.put(k, new ArrayList<>());
        for (FireJobState j : jobs) {
            if (fire.keys() != null && j.key().isEmpty()) continue; // the key-source job that named the keys
            byKey.computeIfAbsent(j.key(), k -> new ArrayList<>()).add(j.state());
        }
        List<String> ok = new ArrayList<>(), running = new ArrayList<>(), failed = new ArrayList<>(),
                never = new ArrayList<>(), expired = new ArrayList<>();
        byKey.forEach((key, states) -> {
            if (states.contains(JobState.SUCCEEDED)) ok.add(key);
            else if (states.stream().anyMatch(s -> s != null && !s.isTerminal())) running.add(key);
            else if (states.stream().anyMatch(s -> s == JobState.DEAD || s == JobState.CANCELLED)) failed.add(key);
            else if (states.isEmpty()) never.add(key);
            else expired.add(key);
        });
        return new FireCoverage(fire, ok, running, failed, never, expired);
    }

    /** The keys the fire expected: its fan-out list, or the one key {@code ""}. */
    public static List<String> expectedKeys(FireRow fire) {
        if (fire.keys() == null) return List.of("");
        return Arrays.asList(Json.read(fire.keys(), String[].class));
    }

    /** Every expected key succeeded. */
    public boolean complete() {
        return running.isEmpty() && failed.isEmpty() && neverRan.isEmpty() && expired.isEmpty();
    }

    public int expected() {
        return succeeded.size() + running.size() + failed.size() + neverRan.size() + expired.size();
    }
}
