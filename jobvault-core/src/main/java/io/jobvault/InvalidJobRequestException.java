package io.jobvault;

import java.util.List;

/** A request was rejected before anything was stored. Names every bad field. */
public final class InvalidJobRequestException extends JobvaultException {
    private final List<String> problems;

    public InvalidJobRequestException(List<String> problems) {
        super("invalid job request: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per bad field, each naming the field ("queue: must match [a-z0-9._-]{1,64}"). */
    public List<String> problems() {
        return problems;
    }
}
