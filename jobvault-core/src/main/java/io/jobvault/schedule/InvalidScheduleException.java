package io.jobvault.schedule;

import java.util.List;

/** A schedule definition with problems; {@link #problems()} names each. Nothing was changed. */
public final class InvalidScheduleException extends IllegalArgumentException {
    private final List<String> problems;

    public InvalidScheduleException(List<String> problems) {
        super("invalid schedule: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
