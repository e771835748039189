package io.jobvault;

import java.util.UUID;

/** The store has no job with this id; the subclass says whether it existed once. */
public abstract sealed class NoSuchJobException extends JobvaultException
        permits JobNotFoundException, JobExpiredException, JobDeletedException {
    private final UUID id;

    NoSuchJobException(UUID id, String message) {
        super(message);
        this.id = id;
    }

    public UUID id() {
        return id;
    }
}
