package io.jobvault.server;

/**
 * How to serve.
 *
 * @param port       0 for any free port
 * @param maxBody    request bodies past this many bytes are refused with 413
 * @param adminToken an operator-chosen admin token (never stored), or null
 */
public record ServerConfig(String host, int port, long maxBody, String database, String adminToken) {
    /** Bodies up to 1 MiB. */
    public static final long DEFAULT_MAX_BODY = 1024 * 1024;
}
