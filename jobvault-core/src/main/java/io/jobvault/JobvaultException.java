package io.jobvault;

/** Base of every exception Jobvault throws on purpose. */
public class JobvaultException extends RuntimeException {
    public JobvaultException(String message) {
        super(message);
    }

    public JobvaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
