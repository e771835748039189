package io.jobvault.schedule;

import io.jobvault.store.FireRow;
import java.util.ArrayList;
import java.util.List;

/**
 * Says, in one line, what happened to fires that were handled late — after the misfire threshold, because every node
 * was down, the schedule was paused or the scheduler was busy — and what the misfire policy did with each: the log line
 * and the {@code schedule.missed} alert both read it.
 */
public final class LateFires {
    /** Fires named one by one in a message; the rest are counted. */
    static final int NAMED = 10;

    private LateFires() {}

    /** What happened to one late fire, as recorded: run late, skipped by the overlap policy, or not run. */
    public static String outcome(FireRow f) {
        return switch (f.status()) {
            case "missed" -> "not run: " + f.reason();
            case "skipped" -> "run late but skipped: " + f.reason();
            default -> "run late as a catch-up";
        };
    }

    /** How many of {@code late} were enqueued (run late), however the overlap policy then treated them. */
    public static int ranLate(List<FireRow> late) {
        return (int) late.stream().filter(f -> f.status().equals("enqueued") || f.status().equals("awaiting-keys")).count();
    }

    /** "3 fire(s) missed their time (misfire policy catch-up): 2030-01-01T06:00:00Z run late as a catch-up; …". */
    public static String describe(List<FireRow> late, MisfirePolicy policy) {
        List<String> each = new ArrayList<>();
        for (FireRow f : late.subList(0, Math.min(NAMED, late.size()))) each.add(f.fireAt() + " " + outcome(f));
        return late.size() + " fire(s) missed their time (misfire policy " + policy.apiName() + "): " + String.join("; ", each)
                + (late.size() > NAMED ? "; and " + (late.size() - NAMED) + " more up to " + late.getLast().fireAt() : "");
    }
}
