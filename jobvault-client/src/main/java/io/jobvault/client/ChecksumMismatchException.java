package io.jobvault.client;

import java.io.IOException;
import java.util.UUID;

/** A downloaded artifact's SHA-256 is not the one the server recorded (a corrupted file or transfer): nothing was kept. */
public final class ChecksumMismatchException extends IOException {
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(UUID job, String name, String expected, String actual) {
        super("artifact " + name + " of job " + job + " arrived corrupted: SHA-256 " + actual + ", expected " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
