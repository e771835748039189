package io.jobvault;

import java.util.UUID;

/**
 * What a submit did. {@code id} is always the job the caller should follow: the new one, or the one that already
 * existed for the idempotency key or unique key.
 */
public record SubmitResult(UUID id, Status status) {
    public enum Status {
        /** A new job was committed. */
        CREATED,
        /** A job with the same idempotency key and tenant existed; nothing was inserted. */
        DUPLICATE,
        /** A non-finished job with the same unique key and tenant exists; the insert was skipped. */
        SKIPPED_UNIQUE
    }

    public boolean created() {
        return status == Status.CREATED;
    }
}
