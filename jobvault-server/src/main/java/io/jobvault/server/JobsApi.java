package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.Job;
import io.jobvault.JobNotFoundException;
import io.jobvault.JobFilter;
import io.jobvault.JobRequest;
import io.jobvault.Jobvault;
import io.jobvault.Page;
import io.jobvault.SubmitResult;
import io.jobvault.Submitted;
import io.jobvault.json.Json;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.ReadTokens;
import io.jobvault.server.auth.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/** {@code /v1/jobs}: submit, read (optionally waiting), list, cancel, retry, attempt history. */
final class JobsApi {
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    private final Jobvault jobvault;
    private final JobWaiters waiters;
    private final ArtifactLinks links;
    private final KnownTypes knownTypes;
    private final ReadTokens readTokens;

    JobsApi(Jobvault jobvault, JobWaiters waiters, ArtifactLinks links, KnownTypes knownTypes, ReadTokens readTokens) {
        this.jobvault = jobvault;
        this.waiters = waiters;
        this.links = links;
        this.knownTypes = knownTypes;
        this.readTokens = readTokens;
    }


    /** Stores a job, durably; a type nothing runs is refused with 422 (see {@link KnownTypes}). */
    void submit(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.SUBMIT);
        String idempotencyKey = ctx.header("Idempotency-Key");
        boolean wantsReadToken = booleanParam(ctx, "readToken");
        JobRequest request = SubmitBody.parse(RequestBodies.object(ctx), caller.tenant(), idempotencyKey);
        knownTypes.require(request.type(), request.tenant());
        Submitted submitted;
        try (var trace = TraceHeaders.continueFrom(ctx)) { // the job's runs continue the caller's trace
            submitted = jobvault.submitAndGet(request);
        }
        SubmitResult result = submitted.result();
        Job job = submitted.job();
        if (result.status() == SubmitResult.Status.DUPLICATE && !sameRequest(job, request)) {
            throw Problem.of(409, "idempotency-key-reused", "Idempotency key reused",
                    "idempotency key '" + request.idempotencyKey() + "' was first used for a different request (job "
                            + job.id() + ")", "use a new key for a new job; resend the original body to get its job again").exception();
        }
        ObjectNode body = JobJson.job(job);
        body.put("submitStatus", result.status().name().toLowerCase(Locale.ROOT));
        if (wantsReadToken) body.set("readToken", readTokenJson(readTokens.mint(job.id(), caller, ReadTokens.DEFAULT_TTL)));
        ctx.status(202).header("Location", "/v1/jobs/" + job.id()).contentType("application/json").result(body.toString());
    }

    /**
     * {@code POST /v1/jobs/{id}/read-token}: a token a browser may use to read this one job, its events and artifacts
     * ({@code ttl} in the optional body: 1m..24h, default 15m). Needs {@code submit}: whoever may start work may let a
     * page watch it. Signed, not stored.
     */
    void readToken(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.SUBMIT);
        UUID id = visible(caller, ApiIds.jobId(ctx)).id();
        ObjectNode body = RequestBodies.objectOrEmpty(ctx);
        Duration ttl = ReadTokens.DEFAULT_TTL;
        if (body.has("ttl")) {
            List<String> errors = new ArrayList<>();
            ttl = body.get("ttl").isTextual() ? ApiTime.field("ttl", body.get("ttl").asText(), ReadTokens.MIN_TTL, ReadTokens.MAX_TTL, errors) : null;
            if (ttl == null) {
                if (errors.isEmpty()) errors.add("ttl: must be a duration such as \"15m\" or \"PT1H\"");
                throw Problem.of(422, "invalid-read-token-request", "Invalid read-token request", errors.get(0),
                        "give ttl as a duration within 1m..24h, or leave it out for 15 minutes").withErrors(errors).exception();
            }
        }
        ctx.status(201);
        json(ctx, readTokenJson(readTokens.mint(id, caller, ttl)));
    }

    private static ObjectNode readTokenJson(ReadTokens.Minted minted) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("token", minted.token());
        out.put("expiresAt", minted.expiresAt().toString());
        return out;
    }

    /** An optional {@code true}/{@code false} query parameter; 400 for anything else. */
    private static boolean booleanParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw badParam(name, "true or false");
    }

    /** Same key, same body: type, queue, priority, payload (as JSON), unique key and labels all match. */
    private static boolean sameRequest(Job job, JobRequest r) {
        return job.type().equals(r.type()) && job.queue().equals(r.queue()) && job.priority() == r.priority()
                && jsonEquals(job.payload(), r.payload()) && Objects.equals(job.uniqueKey(), r.uniqueKey())
                && job.labels().equals(r.labels()) && Objects.equals(job.concurrencyKey(), r.concurrencyKey())
                && Objects.equals(job.concurrencyLimit(), r.concurrencyLimit());
    }

    private static boolean jsonEquals(String a, String b) {
        try {
            JsonNode x = Json.MAPPER.readTree(a);
            return x.equals(Json.MAPPER.readTree(b));
        } catch (Exception e) {
            return a.equals(b);
        }
    }

    void get(Context ctx) throws InterruptedException {
        Caller caller = Authenticator.require(ctx, Scope.READ);
        UUID id = ApiIds.jobId(ctx);
        Duration wait = waitParam(ctx);
        io.jobvault.JobDetails details = jobvault.details(id);
        if (!caller.sees(details.job().tenant())) throw new JobNotFoundException(id);
        if (wait != null) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!details.job().state().isTerminal() && System.nanoTime() < deadline) {
                waiters.awaitChange(id);
                details = jobvault.details(id);
            }
        }
        json(ctx, JobJson.withArtifacts(JobJson.job(details.job()), id, details.artifacts(), links));
    }

    void list(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.READ);
        List<String> errors = new ArrayList<>();
        JobFilter requested = JobFilters.read(ctx::queryParam, errors);
        if (!errors.isEmpty()) throw JobFilters.badQuery(errors);
        JobFilter filter = JobFilters.forCaller(requested, caller);
        if (filter == null) {
            json(ctx, Json.MAPPER.createObjectNode().set("items", Json.MAPPER.createArrayNode()));
            return; // another tenant's jobs do not exist for this caller
        }
        int limit = 50;
        String l = ctx.queryParam("limit");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > Jobvault.MAX_PAGE) throw badParam("limit", "an integer within 1.." + Jobvault.MAX_PAGE);
        }
        Page<Job> page;
        try {
            page = jobvault.list(filter, ctx.queryParam("cursor"), limit);
        } catch (IllegalArgumentException e) {
            throw badParam("cursor", "the nextCursor of a previous page");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        var items = body.putArray("items");
        page.items().forEach(j -> items.add(JobJson.job(j)));
        if (page.nextCursor() != null) body.put("nextCursor", page.nextCursor());
        json(ctx, body);
    }

    void cancel(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.SUBMIT);
        Job job = jobvault.cancel(visible(caller, ApiIds.jobId(ctx)).id());
        jobvault.audit(SchedulesApi.actor(caller), "job.cancel", "job:" + job.id(), null, null);
        json(ctx, JobJson.job(job));
    }

    void retry(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.SUBMIT);
        Job job = jobvault.retry(visible(caller, ApiIds.jobId(ctx)).id());
        jobvault.audit(SchedulesApi.actor(caller), "job.retry", "job:" + job.id(), null, null);
        json(ctx, JobJson.job(job));
    }

    void runNow(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.SUBMIT);
        Job job = jobvault.runNow(visible(caller, ApiIds.jobId(ctx)).id());
        jobvault.audit(SchedulesApi.actor(caller), "job.run-now", "job:" + job.id(), null, null);
        json(ctx, JobJson.job(job));
    }

    void delete(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.ADMIN);
        UUID id = visible(caller, ApiIds.jobId(ctx)).id(); // a tenant-bound admin deletes only its tenant's jobs
        jobvault.delete(id);
        jobvault.audit(SchedulesApi.actor(caller), "job.delete", "job:" + id, null, null);
        ctx.status(204);
    }

    void attempts(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.READ);
        UUID id = visible(caller, ApiIds.jobId(ctx)).id();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("items", JobJson.attempts(jobvault.attempts(id)));
        json(ctx, body);
    }

    /** The job, if the caller may see it: another tenant's job answers exactly like one that never existed. */
    private Job visible(Caller caller, UUID id) {
        Job job = jobvault.get(id);
        if (!caller.sees(job.tenant())) throw new JobNotFoundException(id);
        return job;
    }

    private static Duration waitParam(Context ctx) {
        return ApiTime.query(ctx, "wait", Duration.ZERO, MAX_WAIT, null);
    }

    static ProblemException badParam(String name, String expected) {
        return Problem.of(400, "bad-parameter", "Bad query parameter", "query parameter '" + name + "' is not valid",
                "give " + name + " as " + expected).exception();
    }

    static void json(Context ctx, JsonNode body) {
        ctx.contentType("application/json").result(body.toString());
    }
}
