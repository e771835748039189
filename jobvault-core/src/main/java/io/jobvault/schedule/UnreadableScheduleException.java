package io.jobvault.schedule;

import java.util.List;

/**
 * A stored schedule's definition no longer passes validation (stored by an older version that checked less, or
 * written to the store by hand). The schedule cannot fire or be triggered until a corrected definition is put.
 */
public final class UnreadableScheduleException extends IllegalStateException {
    private final String scheduleId;
    private final List<String> problems;

    public UnreadableScheduleException(String scheduleId, List<String> problems) {
        super("the stored definition of schedule " + scheduleId + " is invalid: " + String.join("; ", problems));
        this.scheduleId = scheduleId;
        this.problems = List.copyOf(problems);
    }

    public String scheduleId() {
        return scheduleId;
    }

    public List<String> problems() {
        return problems;
    }
}
