package io.jobvault;

/**
 * A job's JSON (its payload or result) does not map onto the class asked for, or an object cannot be written as
 * JSON. The message names the job type, the class and where in the JSON the mapping failed, never the JSON itself
 * (a payload may hold secrets).
 */
public class JobJsonException extends JobvaultException {
    public JobJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
