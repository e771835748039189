package io.jobvault;

import java.util.UUID;

/** The job existed, finished, and was removed when its retention ended. */
public final class JobExpiredException extends NoSuchJobException {
    public JobExpiredException(UUID id) {
        super(id, "job " + id + " has expired: it finished and was removed after its retention period"
                + " (raise the retention of its type or of the job to keep results longer)");
    }
}
