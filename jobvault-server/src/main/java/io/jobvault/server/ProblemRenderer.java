package io.jobvault.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.jobvault.JobDeletedException;
import io.jobvault.JobExpiredException;
import io.jobvault.JobNotFoundException;
import io.jobvault.JobStateException;
import io.jobvault.JobvaultException;
import io.jobvault.json.Json;
import io.jobvault.schedule.TriggerBusyException;
import io.jobvault.schedule.UnreadableScheduleException;
import io.jobvault.store.StoreException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every failure to an RFC 9457 {@code application/problem+json} answer with a hint; never leaks internals. */
final class ProblemRenderer {
    private static final Logger log = LoggerFactory.getLogger(ProblemRenderer.class);

    private ProblemRenderer() {}

    static void register(RoutesConfig routes) {
        routes.exception(ProblemException.class, (e, ctx) -> render(ctx, e.problem()));
        routes.exception(JobNotFoundException.class, (e, ctx) -> render(ctx, Problem.of(404, "job-not-found",
                "Job not found", e.getMessage(), "check the id; ids are returned by POST /v1/jobs")));
        routes.exception(JobExpiredException.class, (e, ctx) -> render(ctx, Problem.of(410, "job-expired",
                "Job expired", e.getMessage(), "results are kept for the job's retention period; submit the job again"
                        + " if you still need it, with a longer \"retention\"")));
        routes.exception(JobDeletedException.class, (e, ctx) -> render(ctx, Problem.of(410, "job-deleted",
                "Job deleted", e.getMessage(), "submit the job again if you still need it")));
        routes.exception(JobStateException.class, (e, ctx) -> render(ctx, Problem.of(409, "job-state",
                "Not possible in this state", e.getMessage(), "GET the job to see its state")));
        routes.exception(StoreException.class, (e, ctx) -> {
            log.warn("store unavailable for {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "5");
            render(ctx, Problem.of(503, "store-unavailable", "Store unavailable",
                    "the job store cannot be reached or written right now; nothing was changed", "retry after a few seconds"));
        });
        routes.exception(UnreadableScheduleException.class, (e, ctx) -> render(ctx, Problem.of(409, "schedule-definition-invalid",
                "Schedule definition invalid", e.getMessage(), "PUT a corrected definition to /v1/schedules/" + e.scheduleId()
                        + ", or DELETE it").withErrors(e.problems())));
        routes.exception(TriggerBusyException.class, (e, ctx) -> render(ctx, Problem.of(409, "trigger-busy",
                "Trigger busy", e.getMessage(), "send the trigger again")));
        routes.exception(HttpResponseException.class, (e, ctx) -> render(ctx, fromJavalin(e)));
        // Safety nets: endpoints translate these themselves; should one slip through, it still gets the right 4xx.
        routes.exception(io.jobvault.InvalidJobRequestException.class, (e, ctx) -> render(ctx, Problem.of(422,
                "invalid-job", "Invalid job request", e.getMessage(), "fix the fields named in errors").withErrors(e.problems())));
        routes.exception(io.jobvault.LeaseLostException.class, (e, ctx) -> render(ctx, Problem.of(409, "lease-not-held",
                "Lease not held", e.getMessage(), "stop working on this job; claim again for new work")));
        routes.exception(JobvaultException.class, (e, ctx) -> render(ctx, Problem.of(503, "unavailable",
                "Service unavailable", e.getMessage(), "retry shortly; the server may be restarting")));
        routes.exception(Exception.class, (e, ctx) -> {
            int clientStatus = clientFault(e);
            if (clientStatus > 0) {
                // the request itself broke (a body cut short, the client gone): the client's fault, nothing to trace
                log.debug("{} {}: the request could not be read: {}", ctx.method(), ctx.path(), e.toString());
                render(ctx, Problem.of(clientStatus, "bad-request", "Bad request", "the request could not be read: "
                        + ApiIds.abbreviate(String.valueOf(e.getMessage())), "send a complete, well-formed request"));
                return;
            }
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            render(ctx, Problem.of(500, "internal", "Internal error", "the server failed to answer this request",
                    "retry; if it persists, report it with the time of the request (the server logged the cause)"));
        });
    }

    /**
     * The 4xx status for a failure caused by the request's framing — Jetty's own HTTP errors, an early EOF while
     * reading the body — anywhere in the cause chain; 0 for anything else.
     */
    private static int clientFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) return h.getCode();
            if (t instanceof EofException) return 400;
        }
        return 0;
    }

    private static Problem fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 413 -> Problem.of(413, "body-too-large", "Body too large", "the request body is larger than the server accepts",
                    "keep job payloads small (the default limit is 1 MiB); put large inputs in files and pass a reference");
            case 404 -> Problem.of(404, "no-such-endpoint", "Not found", "there is no endpoint at this path",
                    "see docs/http-api.md for the endpoints");
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", "this path does not accept that method",
                    "see docs/http-api.md for the endpoints");
            case 400 -> Problem.of(400, "bad-request", "Bad request", e.getMessage(), "check the request against docs/http-api.md");
            default -> Problem.of(e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage(), "see docs/http-api.md");
        };
    }

    static void render(Context ctx, Problem p) {
        // bytes, not a String: the text is UTF-8 whatever charset the request named
        ctx.status(p.status()).contentType("application/problem+json").result(Json.write(p).getBytes(StandardCharsets.UTF_8));
    }
}
