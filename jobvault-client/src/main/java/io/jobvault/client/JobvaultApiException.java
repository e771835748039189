package io.jobvault.client;

import java.util.List;

/** The server answered with an error (an RFC 9457 problem): what it said, and its hint. */
public final class JobvaultApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final String hint;
    private final List<String> errors;

    public JobvaultApiException(int status, String title, String detail, String hint, List<String> errors) {
        super(status + " " + title + ": " + detail + (hint == null ? "" : " (hint: " + hint + ")")
                + (errors.isEmpty() ? "" : " " + errors));
        this.status = status;
        this.title = title;
        this.hint = hint;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String hint() {
        return hint;
    }

    /** One entry per bad field, for validation failures. */
    public List<String> errors() {
        return errors;
    }
}
