package io.jobvault.server;

import io.jobvault.JobType;
import io.jobvault.RateLimit;
import io.jobvault.alert.DiskThreshold;
import io.jobvault.health.HealthReportJob;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.Schedules;
import io.jobvault.server.alert.EmailSink;
import io.jobvault.server.dashboard.DashboardSettings;
import io.jobvault.store.JdbcUrls;
import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jobvault server}: the HTTP API on the embedded store (or the store given with --db). */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Serves the Jobvault HTTP API. Each option can also be set with the environment variable shown.")
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:JOBVAULT_PORT:-8080}", description = "Port (JOBVAULT_PORT; default 8080).")
    int port;

    @Option(names = "--host", defaultValue = "${env:JOBVAULT_HOST:-127.0.0.1}",
            description = "Address to listen on (JOBVAULT_HOST; default 127.0.0.1: this machine only).")
    String host;

    @Option(names = "--data", defaultValue = "${env:JOBVAULT_DATA:-./jobvault-data}",
            description = "Data directory (JOBVAULT_DATA; default ./jobvault-data), resolved to an absolute path at start: holds the"
                    + " SQLite store (DATA/jobvault.db), its node locks and the artifact files (DATA/artifacts). Artifact files"
                    + " an earlier version left in ./jobvault-data/artifacts are moved here at start.")
    Path data;

    @Option(names = "--db", defaultValue = "${env:JOBVAULT_DB}", description = "JDBC URL of the store (JOBVAULT_DB; default jdbc:sqlite:DATA/jobvault.db).")
    String db;

    @Option(names = "--artifacts", defaultValue = "${env:JOBVAULT_ARTIFACTS}",
            description = "Artifact directory (JOBVAULT_ARTIFACTS). Default: beside the SQLite file (DATA/artifacts); with PostgreSQL the database"
                    + " itself, shared by every node. Several nodes given a directory must all share it. Resolved to an absolute path at start.")
    Path artifacts;

    @Option(names = "--schedules", defaultValue = "${env:JOBVAULT_SCHEDULES}",
            description = "A schedules file ({\"schedules\": [...]}, see docs/http-api.md) synced at start (JOBVAULT_SCHEDULES).")
    Path schedulesFile;

    @Option(names = "--alert-webhook", defaultValue = "${env:JOBVAULT_ALERT_WEBHOOK}",
            description = "POST every alert to this URL, signed with JOBVAULT_ALERT_WEBHOOK_SECRET (JOBVAULT_ALERT_WEBHOOK).")
    URI alertWebhook;

    @Option(names = "--alert-email", defaultValue = "${env:JOBVAULT_ALERT_EMAIL}", split = ",",
            description = "Email every alert to these addresses over SMTP (JOBVAULT_ALERT_EMAIL; server from JOBVAULT_SMTP_HOST,"
                    + " JOBVAULT_SMTP_PORT, JOBVAULT_SMTP_USER, JOBVAULT_SMTP_PASSWORD, JOBVAULT_SMTP_FROM, JOBVAULT_SMTP_STARTTLS).")
    List<String> alertEmail;

    @Option(names = "--health-report", paramLabel = "CRON", defaultValue = "${env:JOBVAULT_HEALTH_REPORT}",
            description = "Send the health report of the 24 h before each fire through the alert sinks (log, --alert-webhook, --alert-email)"
                    + " on this cron, e.g. \"0 8 * * *\" every morning; its findings are raised as alerts. A built-in schedule"
                    + " (jobvault.health-report): once across all nodes; without this option a node removes it (JOBVAULT_HEALTH_REPORT).")
    String healthReport;

    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "${env:JOBVAULT_ZONE:-UTC}",
            description = "Time zone of --health-report, e.g. Europe/Berlin (JOBVAULT_ZONE; default UTC).")
    String zone;

    @Option(names = "--disk-low", defaultValue = "${env:JOBVAULT_DISK_LOW}",
            description = "Raise disk.low when free space under the data or artifact directory falls below this: a share"
                    + " (5%%) or a size (2GiB, 500MB) (JOBVAULT_DISK_LOW; default 10%% of the filesystem or 1 GiB, whichever is smaller).")
    String diskLow;

    @Option(names = "--node-id", defaultValue = "${env:JOBVAULT_NODE_ID}", description = "This node's id (JOBVAULT_NODE_ID; default the host name).")
    String nodeId;

    @Option(names = "--concurrency", defaultValue = "${env:JOBVAULT_CONCURRENCY:-16}", description = "Jobs run at once from the default queue (JOBVAULT_CONCURRENCY).")
    int concurrency;

    @Option(names = "--rate-limit", defaultValue = "${env:JOBVAULT_RATE_LIMITS}", split = ",",
            description = "TYPE=JOBS/PERIOD, e.g. ai.call=60/1m: at most JOBS runs of TYPE start per PERIOD across all nodes,"
                    + " remote workers included; repeat or separate with commas (JOBVAULT_RATE_LIMITS).")
    List<String> rateLimits;

    @Option(names = "--types", defaultValue = "${env:JOBVAULT_TYPES}", split = ",",
            description = "Job types to accept at submit although no node, remote worker or schedule runs them yet, e.g."
                    + " video.render,report.pdf (JOBVAULT_TYPES). Other unknown types are refused with 422; a remote worker"
                    + " declares its own types when it starts and with each claim, and a declaration counts for 24 hours.")
    List<String> types;

    @Option(names = "--accept-unknown-types", defaultValue = "${env:JOBVAULT_ACCEPT_UNKNOWN_TYPES:-false}",
            description = "Accept jobs of any type, even one nothing runs (JOBVAULT_ACCEPT_UNKNOWN_TYPES): for setups whose"
                    + " workers start later. Jobs of a misspelled type then fail attempt after attempt.")
    boolean acceptUnknownTypes;

    @Option(names = "--dashboard", paramLabel = "on|off", defaultValue = "${env:JOBVAULT_DASHBOARD:-on}",
            description = "Serve the dashboard at / (JOBVAULT_DASHBOARD; default on). Off: only the API, health and metrics answer.")
    String dashboard;

    @Option(names = "--redact", paramLabel = "KEY", defaultValue = "${env:JOBVAULT_REDACT}", split = ",",
            description = "Mask this payload/result key's value on the dashboard's job page, at any depth, e.g. password,apiKey;"
                    + " repeat or separate with commas (JOBVAULT_REDACT). The API still returns jobs as stored.")
    List<String> redact;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", defaultValue = "${env:JOBVAULT_CORS_ORIGINS}", split = ",",
            description = "Let browser pages from this exact origin (https://app.example.com) read jobs, their events and"
                    + " artifacts with a per-job read token; repeat or separate with commas (JOBVAULT_CORS_ORIGINS). No wildcards."
                    + " See docs/browser.md.")
    List<String> corsOrigins;

    @Option(names = "--cors-all-endpoints", defaultValue = "${env:JOBVAULT_CORS_ALL_ENDPOINTS:-false}",
            description = "Expose all of /v1 to the --cors-origin origins, not only the job reads a page needs (JOBVAULT_CORS_ALL_ENDPOINTS).")
    boolean corsAllEndpoints;

    @Option(names = "--prune-interval", paramLabel = "DURATION", defaultValue = "${env:JOBVAULT_PRUNE_INTERVAL:-1m}",
            description = "How often the leader looks for finished jobs past their retention once it has caught up, e.g. 10s"
                    + " (JOBVAULT_PRUNE_INTERVAL; default 1m). While jobs keep expiring it looks within a second anyway;"
                    + " a shorter interval makes jobs with a retention of seconds answer 410 job-expired sooner.")
    String pruneInterval;

    @Option(names = "--demo", defaultValue = "${env:JOBVAULT_DEMO:-false}", description = "Register the demo job types demo.sleep, demo.fail and demo.report (JOBVAULT_DEMO).")
    boolean demo;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            System.err.println("server: --port must be within 0..65535, was " + port);
            return 2;
        }
        String url = databaseUrl(db, data);
        Path artifactDirectory = artifacts == null ? null : artifacts.toAbsolutePath().normalize();
        EmailSink email;
        try {
            email = alertEmail == null || alertEmail.isEmpty() ? null : new EmailSink(smtpFromEnv(alertEmail));
            if (alertWebhook != null && System.getenv("JOBVAULT_ALERT_WEBHOOK_SECRET") == null) {
                throw new IllegalArgumentException("--alert-webhook needs JOBVAULT_ALERT_WEBHOOK_SECRET (16+ characters) to sign deliveries");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("server: " + e.getMessage());
            return 2;
        }
        Map<String, RateLimit> limits;
        ZoneId reportZone;
        DiskThreshold diskLowThreshold;
        Duration pruneEvery;
        try {
            pruneEvery = io.jobvault.TimeBounds.duration("--prune-interval", pruneInterval, Duration.ofMillis(10), Duration.ofDays(1));
            limits = rateLimits(rateLimits);
            diskLowThreshold = diskLow == null || diskLow.isBlank() ? DiskThreshold.DEFAULT : DiskThreshold.parse(diskLow);
            reportZone = zone(zone);
            checkHealthReport(healthReport, reportZone); // a bad cron is a usage error (exit 2), not a failed start
        } catch (IllegalArgumentException e) {
            System.err.println("server: " + e.getMessage());
            return 2;
        }
        DashboardSettings dashboardSettings;
        try {
            dashboardSettings = DashboardSettings.DEFAULT.withEnabled(onOff("--dashboard", dashboard))
                    .withRedactKeys(redact == null ? Set.of() : Set.copyOf(redact.stream().map(String::strip).filter(k -> !k.isEmpty()).toList()));
        } catch (IllegalArgumentException e) {
            System.err.println("server: " + e.getMessage());
            return 2;
        }
        Set<String> cors;
        try {
            cors = io.jobvault.server.browser.Cors.checkOrigins(corsOrigins == null ? List.of() : corsOrigins);
        } catch (IllegalArgumentException e) {
            System.err.println("server: " + e.getMessage());
            return 2;
        }
        if (corsAllEndpoints && cors.isEmpty()) {
            System.err.println("server: --cors-all-endpoints needs at least one --cors-origin");
            return 2;
        }
        Set<String> listedTypes = new TreeSet<>();
        for (String type : types == null ? List.<String>of() : types) {
            if (type.isBlank()) continue;
            if (!JobType.isValidName(type.strip())) {
                System.err.println("server: --types " + type + ": not a job type name (such as report.pdf)");
                return 2;
            }
            listedTypes.add(type.strip());
        }
        List<Schedule> fromFile = null;
        if (schedulesFile != null) {
            try {
                fromFile = SchedulesFile.read(schedulesFile);
            } catch (IllegalArgumentException e) {
                System.err.println("server: " + e.getMessage());
                return 2;
            }
        }
        ServerConfig config = new ServerConfig(host, port, ServerConfig.DEFAULT_MAX_BODY, url, System.getenv("JOBVAULT_ADMIN_TOKEN"),
                listedTypes, acceptUnknownTypes, dashboardSettings, cors, corsAllEndpoints);
        JobvaultServer server = JobvaultServer.start(config, builder -> {
            builder.queue("default", concurrency);
            if (artifactDirectory != null) builder.artifactDirectory(artifactDirectory);
            if (nodeId != null && !nodeId.isBlank()) builder.nodeId(nodeId);
            builder.diskLowThreshold(diskLowThreshold);
            builder.pruneInterval(pruneEvery);
            if (alertWebhook != null) builder.alertWebhook("default", alertWebhook, System.getenv("JOBVAULT_ALERT_WEBHOOK_SECRET"));
            if (email != null) builder.alertSink(email).handler(EmailSink.JOB_TYPE, email);
            if (demo) DemoJobs.register(builder);
            limits.forEach((type, l) -> builder.rateLimit(type, l.jobs(), l.per()));
            if (healthReport != null && !healthReport.isBlank()) builder.healthReport(healthReport, reportZone);
        });
        if (fromFile != null) {
            try {
                server.jobvault().schedules().sync(Schedules.SOURCE_FILE, fromFile);
            } catch (IllegalArgumentException e) {
                server.close();
                System.err.println("server: schedules file " + schedulesFile + ": " + e.getMessage());
                return 2;
            }
            System.out.printf("synced %d schedules from %s%n", fromFile.size(), schedulesFile);
        }
        server.tokens().ensureAdmin().ifPresent(token -> System.out.printf(
                "%nAdmin token (shown once; only its hash is stored — keep it now):%n  %s%n%n", token));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "jobvault-shutdown"));
        System.out.printf("Jobvault serving http://%s:%d (store %s, node %s%s)%n", host, server.port(), JdbcUrls.redact(url),
                server.jobvault().nodeId(), demo ? ", demo job types" : "");
        if (dashboardSettings.enabled()) System.out.printf("Dashboard at http://%s:%d/ (sign in with an API token)%n", host, server.port());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** on/off (also true/false, yes/no), naming the option when it is neither. */
    static boolean onOff(String option, String value) {
        String v = value == null ? "" : value.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (v) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(option + " must be on or off, was '" + value + "'");
        };
    }

    /** {@code TYPE=JOBS/PERIOD} entries, e.g. {@code ai.call=60/1m}, by type. */
    static Map<String, io.jobvault.RateLimit> rateLimits(List<String> specs) {
        Map<String, io.jobvault.RateLimit> out = new LinkedHashMap<>();
        if (specs == null) return out;
        for (String spec : specs) {
            if (spec.isBlank()) continue;
            Matcher m = Pattern.compile("\\s*([^=\\s]+)\\s*=\\s*(\\d{1,6})\\s*/\\s*(\\S+)\\s*").matcher(spec);
            String problem = "--rate-limit " + spec + ": expected TYPE=JOBS/PERIOD such as ai.call=60/1m";
            if (!m.matches() || !io.jobvault.JobType.isValidName(m.group(1))) throw new IllegalArgumentException(problem);
            try {
                out.put(m.group(1), io.jobvault.RateLimit.of(Integer.parseInt(m.group(2)), io.jobvault.TimeBounds.parseDuration(m.group(3))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(problem + " (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static void checkHealthReport(String cron, ZoneId zone) {
        if (cron == null || cron.isBlank()) return;
        try {
            HealthReportJob.schedule(cron, zone, HealthReportJob.DEFAULT_PERIOD);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--health-report: " + e.getMessage());
        }
    }

    /** A zone id such as Europe/Berlin or UTC. */
    static ZoneId zone(String id) {
        try {
            return ZoneId.of(id == null || id.isBlank() ? "UTC" : id.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone: not a time zone: " + id + " (use a region such as Europe/Berlin, or UTC)");
        }
    }

    /** SMTP settings from the environment (never from flags: a password on a command line shows in ps). */
    static EmailSink.Smtp smtpFromEnv(List<String> to) {
        var env = System.getenv();
        int port;
        try {
            port = Integer.parseInt(env.getOrDefault("JOBVAULT_SMTP_PORT", "587"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("JOBVAULT_SMTP_PORT must be a port number");
        }
        return new EmailSink.Smtp(env.get("JOBVAULT_SMTP_HOST"), port,
                !"false".equalsIgnoreCase(env.getOrDefault("JOBVAULT_SMTP_STARTTLS", "true")), env.get("JOBVAULT_SMTP_USER"),
                env.get("JOBVAULT_SMTP_PASSWORD"), env.getOrDefault("JOBVAULT_SMTP_FROM", "jobvault@localhost"), to);
    }

    /** --db, or the SQLite file in the data directory, as an absolute path: nothing depends on the working directory later. */
    static String databaseUrl(String db, Path data) {
        return db != null && !db.isBlank() ? db : "jdbc:sqlite:" + data.toAbsolutePath().normalize().resolve("jobvault.db");
    }
}
