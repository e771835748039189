package io.jobvault;

import java.util.UUID;

/**
 * This run no longer holds the job's lease (it was rescued and claimed again, cancelled, or deleted), so what it
 * tried to record was rejected and nothing changed. A handler should stop.
 */
public final class LeaseLostException extends JobvaultException {
    public LeaseLostException(UUID id, int attempt) {
        super("job " + id + " attempt " + attempt + " no longer holds its lease; the write was rejected");
    }
}
