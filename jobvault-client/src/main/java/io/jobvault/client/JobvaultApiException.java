package io.jobvault.client;

import java.util.List;

/** The server answered with an error (an RFC 9457 problem): what it said, and its hint. */
public final class JobvaultApiException extends RuntimeException {
    /** Every problem type the server answers starts with this; {@link #slug()} is the rest. */
    public static final String PROBLEM_PREFIX = "https://jobvault.io/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final String hint;
    private final List<String> errors;

    public JobvaultApiException(int status, String type, String title, String detail, String hint, List<String> errors) {
        super(status + " " + title + ": " + detail + (hint == null ? "" : " (hint: " + hint + ")")
                + (errors.isEmpty() ? "" : " " + errors));
        this.status = status;
        this.type = type == null || type.isBlank() ? "about:blank" : type;
        this.title = title;
        this.hint = hint;
        this.errors = List.copyOf(errors);
    }

    /** Without a problem type ({@code about:blank}). */
    public JobvaultApiException(int status, String title, String detail, String hint, List<String> errors) {
        this(status, null, title, detail, hint, errors);
    }

    public int status() {
        return status;
    }

    /** The problem type, e.g. {@code https://jobvault.io/problems/job-expired} ({@code about:blank} when none was sent). */
    public String type() {
        return type;
    }

    /**
     * The problem type without its prefix, e.g. {@code job-expired} or {@code idempotency-key-reused}: what a caller
     * switches on (a 404 {@code job-not-found} never existed; a 410 {@code job-expired} or {@code job-deleted} did).
     */
    public String slug() {
        return type.startsWith(PROBLEM_PREFIX) ? type.substring(PROBLEM_PREFIX.length()) : type;
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
