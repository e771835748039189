package io.jobvault;

import java.util.UUID;

/** The job existed and was deleted (by {@link Jobvault#delete}, e.g. an operator's DELETE), not pruned. */
public final class JobDeletedException extends NoSuchJobException {
    public JobDeletedException(UUID id) {
        super(id, "job " + id + " was deleted (by an operator, or through the API); its history and results are gone");
    }
}
