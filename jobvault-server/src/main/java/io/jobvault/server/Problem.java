package io.jobvault.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, with a {@code hint} at what to do next and, for validation failures, one entry per
 * bad field. Thrown as {@link ProblemException}; rendered as {@code application/problem+json}.
 */
public record Problem(String type, String title, int status, String detail, String hint,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> errors) {
    static final String TYPE_BASE = "https://jobvault.io/problems/";

    public static Problem of(int status, String slug, String title, String detail, String hint) {
        return new Problem(TYPE_BASE + slug, title, status, detail, hint, List.of());
    }

    public Problem withErrors(List<String> errs) {
        return new Problem(type, title, status, detail, hint, List.copyOf(errs));
    }

    public ProblemException exception() {
        return new ProblemException(this);
    }
}
