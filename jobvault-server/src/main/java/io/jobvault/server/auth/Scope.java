package io.jobvault.server.auth;

import java.util.Locale;

/** What a token may do. ADMIN may do everything. */
public enum Scope {
    /** Submit jobs, and cancel or retry them. */
    SUBMIT,
    /** Read jobs, their attempts and artifacts. */
    READ,
    /** Claim and run jobs as a remote worker. */
    WORK,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "submit", "read", …; throws IllegalArgumentException naming the valid ones. */
    public static Scope parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scope '" + s + "' (valid: submit, read, work, admin)");
        }
    }
}
