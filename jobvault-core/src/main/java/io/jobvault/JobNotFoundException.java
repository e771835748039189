package io.jobvault;

import java.util.UUID;

/** No job with this id was ever created by this store. */
public final class JobNotFoundException extends NoSuchJobException {
    public JobNotFoundException(UUID id) {
        super(id, "job " + id + " does not exist: this store never issued that id (check for a typo, or the tenant)");
    }
}
