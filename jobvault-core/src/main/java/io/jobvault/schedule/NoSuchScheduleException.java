package io.jobvault.schedule;

import java.util.NoSuchElementException;

/** There is no schedule with this id. */
public final class NoSuchScheduleException extends NoSuchElementException {
    private final String id;

    public NoSuchScheduleException(String id) {
        super("no schedule " + id);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
