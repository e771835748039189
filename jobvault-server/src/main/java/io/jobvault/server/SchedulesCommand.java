package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobvault.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;

/**
 * {@code jobvault schedules list|trigger|pause|resume}: the schedule endpoints of a running server, for operators. Talks
 * HTTP, so it works against any node; the token needs scope {@code admin} for changes.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true, description = "Lists, triggers, pauses and resumes schedules on a running server.",
        subcommands = {SchedulesCommand.ListSchedules.class, SchedulesCommand.Trigger.class, SchedulesCommand.Pause.class,
                SchedulesCommand.Resume.class})
public final class SchedulesCommand {

    /** Which server, and as whom. */
    static class Remote {
        @Option(names = "--url", defaultValue = "${env:JOBVAULT_URL:-http://127.0.0.1:8080}", description = "Server URL (JOBVAULT_URL).")
        String url;

        @Option(names = "--token", defaultValue = "${env:JOBVAULT_TOKEN}", description = "Bearer token (JOBVAULT_TOKEN).")
        String token;

        /** Sends the request; prints problem+json answers to stderr. Returns the body, or null on an error status. */
        JsonNode send(String method, String path, String body, PrintWriter err) {
            if (token == null || token.isBlank()) {
                err.println("schedules: give --token or set JOBVAULT_TOKEN");
                return null;
            }
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                JsonNode json = r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
                if (r.statusCode() >= 400) {
                    err.printf("schedules: %d %s: %s%n", r.statusCode(), json.path("title").asText(),
                            json.path("detail").asText(r.body()));
                    if (json.has("hint")) err.println("  hint: " + json.get("hint").asText());
                    return null;
                }
                return json;
            } catch (IOException e) {
                err.println("schedules: cannot reach " + url + ": " + e.getMessage());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    static String path(String id) {
        return "/v1/schedules/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists schedules: id, timing, next fire, state, keys, and where each is defined (api, file, code, builtin).")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        Remote remote;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            JsonNode body = remote.send("GET", "/v1/schedules", null, spec.commandLine().getErr());
            if (body == null) return 1;
            spec.commandLine().getOut().printf("%-32s %-20s %-16s %-22s %-7s %-6s %s%n", "ID", "TIMING", "ZONE", "NEXT FIRE", "STATE",
                    "KEYS", "SOURCE");
            for (JsonNode s : body.get("items")) {
                spec.commandLine().getOut().printf("%-32s %-20s %-16s %-22s %-7s %-6d %s%n", s.get("id").asText(),
                        s.has("cron") ? s.get("cron").asText() : "every " + s.get("every").asText(), s.get("zone").asText(),
                        s.get("nextFireAt").asText(), s.get("paused").asBoolean() ? "paused" : "active", s.get("keys").size(),
                        s.get("source").asText());
            }
            return 0;
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Runs a schedule now (all keys, or one with --key), or every active schedule with --all. Audited.")
    static final class Trigger implements Callable<Integer> {
        @Mixin
        Remote remote;

        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..1", description = "The schedule id (or --all).")
        String id;

        @Option(names = "--all", description = "Trigger every active schedule.")
        boolean all;

        @Option(names = "--reason", required = true, description = "Why (goes to the audit log).")
        String reason;

        @Option(names = "--key", description = "Only this fan-out key.")
        String key;

        @Option(names = "--delay", description = "Run after this long, e.g. 10m.")
        String delay;

        @Option(names = "--fire", description = "The fire this re-runs (its coverage counts the new run): a fire time such as"
                + " 2026-11-24T05:00:00Z, latest-missed (default: the newest fire the key, or any key, missed) or none.")
        String fire;

        @Override
        public Integer call() {
            if (all == (id != null)) {
                spec.commandLine().getErr().println("schedules trigger: give a schedule id or --all");
                return 2;
            }
            var body = Json.MAPPER.createObjectNode().put("reason", reason);
            if (key != null) body.put("key", key);
            if (delay != null) body.put("delay", delay);
            if (fire != null) body.put("fire", fire);
            JsonNode r = remote.send("POST", all ? "/v1/schedules/trigger-all" : path(id) + "/trigger", body.toString(), spec.commandLine().getErr());
            if (r == null) return 1;
            for (JsonNode t : all ? r.get("items") : Json.MAPPER.createArrayNode().add(r)) {
                spec.commandLine().getOut().printf("%s: %d job(s) enqueued to run at %s%s%n", t.get("schedule").asText(), t.get("jobs").size(),
                        t.get("runAt").asText(), t.has("rerunOf") ? ", re-running the fire of " + t.get("rerunOf").asText() : "");
            }
            if (all && r.has("failed") && !r.get("failed").isEmpty()) {
                for (JsonNode f : r.get("failed")) {
                    spec.commandLine().getErr().printf("%s: not triggered: %s%n", f.get("schedule").asText(), f.get("problem").asText());
                }
                return 1;
            }
            return 0;
        }
    }

    /** POSTs one action to one schedule (pause, resume) and says what happened. */
    abstract static class ScheduleAction implements Callable<Integer> {
        @Mixin
        Remote remote;

        @Spec
        CommandSpec spec;

        @Parameters(description = "The schedule id.")
        String id;

        private final String action;
        private final String done;

        ScheduleAction(String action, String done) {
            this.action = action;
            this.done = done;
        }

        @Override
        public Integer call() {
            if (remote.send("POST", path(id) + "/" + action, "", spec.commandLine().getErr()) == null) return 1;
            spec.commandLine().getOut().println(id + " " + done);
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pauses a schedule. Audited.")
    static final class Pause extends ScheduleAction {
        Pause() {
            super("pause", "paused");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resumes a schedule; fires due while paused follow its misfire policy. Audited.")
    static final class Resume extends ScheduleAction {
        Resume() {
            super("resume", "resumed");
        }
    }
}
