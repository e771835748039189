package io.jobvault;

/** The operation does not apply to the job in its current state (e.g. retrying a job that is still running). */
public final class JobStateException extends JobvaultException {
    private final JobState state;

    public JobStateException(String message, JobState state) {
        super(message);
        this.state = state;
    }

    public JobState state() {
        return state;
    }
}
