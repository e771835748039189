package io.jobvault.store;

import io.jobvault.JobvaultException;

/** The store could not do what was asked (unreachable, full, locked, corrupt); nothing was changed. */
public class StoreException extends JobvaultException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
