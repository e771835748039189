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
 */
public record ServerConfig(String host, int port, long maxBody, String database, String adminToken, Set<String> jobTypes,
                           boolean acceptUnknownTypes, DashboardSettings dashboard) {
    /** Bodies up to 1 MiB. */
    public static final long DEFAULT_MAX_BODY = 1024 * 1024;

    public ServerConfig {
        jobTypes = Set.copyOf(jobTypes);
        Objects.requireNonNull(dashboard, "dashboard");
    }

    /** The dashboard on, with its defaults. */
    public ServerConfig(String host, int port, long maxBody, String database, String adminToken, Set<String> jobTypes,
                        boolean acceptUnknownTypes) {
        this(host, port, maxBody, database, adminToken, jobTypes, acceptUnknownTypes, DashboardSettings.DEFAULT);
    }

    /** Unknown job types refused; no types listed. */
    public ServerConfig(String host, int port, long maxBody, String database, String adminToken) {
        this(host, port, maxBody, database, adminToken, Set.of(), false);
    }

    /** The same, accepting {@code types} too. */
    public ServerConfig withJobTypes(Set<String> types) {
        return new ServerConfig(host, port, maxBody, database, adminToken, types, acceptUnknownTypes, dashboard);
    }

    /** The same, accepting jobs of any type (as before types were checked) when {@code accept}. */
    public ServerConfig acceptingUnknownTypes(boolean accept) {
        return new ServerConfig(host, port, maxBody, database, adminToken, jobTypes, accept, dashboard);
    }

    /** The same, with these dashboard settings. */
    public ServerConfig withDashboard(DashboardSettings settings) {
        return new ServerConfig(host, port, maxBody, database, adminToken, jobTypes, acceptUnknownTypes, settings);
    }
}
