package io.jobvault.server;

import io.jobvault.server.dashboard.DashboardSettings;
import java.util.Objects;
import java.util.Set;

/**
 * How to serve.
 *
 * @param port       0 for any free port
 * @param maxBody    request bodies past this many bytes are refused with 413
 * @param adminToken an operator-chosen admin token (never stored), or null
 * @param jobTypes   job types to accept at submit besides those a live node, a remote worker or a schedule runs
 *                   ({@code --types}: run by workers that have not declared them yet)
 * @param acceptUnknownTypes accept jobs of any type, even one nothing runs ({@code --accept-unknown-types})
 * @param dashboard  the dashboard at {@code /}: on or off ({@code --dashboard}), redacted keys ({@code --redact})
 * @param corsOrigins exact origins browsers may call from ({@code --cors-origin}); none by default
 * @param corsAllEndpoints expose all of {@code /v1} to those origins, not only the reads a page following a job needs
 */
public record ServerConfig(String host, int port, long maxBody, String database, String adminToken, Set<String> jobTypes,
                           boolean acceptUnknownTypes, DashboardSettings dashboard, Set<String> corsOrigins, boolean corsAllEndpoints) {
    /** Bodies up to 1 MiB. */
    public static final long DEFAULT_MAX_BODY = 1024 * 1024;

    public ServerConfig {
        jobTypes = Set.copyOf(jobTypes);
        Objects.requireNonNull(dashboard, "dashboard");
        corsOrigins = io.jobvault.server.browser.Cors.checkOrigins(corsOrigins);
    }

    /** The dashboard on, with its defaults; no cross-origin access. */
    public ServerConfig(String host, int port, long maxBody, String database, String adminToken, Set<String> jobTypes,
                        boolean acceptUnknownTypes) {
        this(host, port, maxBody, database, adminToken, jobTypes, acceptUnknownTypes, DashboardSettings.DEFAULT, Set.of(), false);
    }

    /** No cross-origin access. */
    public ServerConfig(String host, int port, long maxBody, String database, String adminToken, Set<String> jobTypes,
                        boolean acceptUnknownTypes, DashboardSettings dashboard) {
        this(host, port, maxBody, database, adminToken, jobTypes, acceptUnknownTypes, dashboard, Set.of(), false);
    }

    /** Unknown job types refused; no types listed. */
    public ServerConfig(String host, int port, long maxBody, String database, String adminToken) {
        this(host, port, maxBody, database, adminToken, Set.of(), false);
    }

    /** The same, accepting {@code types} too. */
    public ServerConfig withJobTypes(Set<String> types) {
        return new ServerConfig(host, port, maxBody, database, adminToken, types, acceptUnknownTypes, dashboard, corsOrigins, corsAllEndpoints);
    }

    /** The same, accepting jobs of any type (as before types were checked) when {@code accept}. */
    public ServerConfig acceptingUnknownTypes(boolean accept) {
        return new ServerConfig(host, port, maxBody, database, adminToken, jobTypes, accept, dashboard, corsOrigins, corsAllEndpoints);
    }

    /** The same, with these dashboard settings. */
    public ServerConfig withDashboard(DashboardSettings settings) {
        return new ServerConfig(host, port, maxBody, database, adminToken, jobTypes, acceptUnknownTypes, settings, corsOrigins, corsAllEndpoints);
    }

    /** The same, letting browsers on {@code origins} call the API ({@code allEndpoints}: all of it, not only job reads). */
    public ServerConfig withCors(Set<String> origins, boolean allEndpoints) {
        return new ServerConfig(host, port, maxBody, database, adminToken, jobTypes, acceptUnknownTypes, dashboard, origins, allEndpoints);
    }
}
