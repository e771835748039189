package io.jobvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.jobvault.Artifact;
import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobNotFoundException;
import io.jobvault.JobType;
import io.jobvault.Jobvault;
import io.jobvault.LeaseLostException;
import io.jobvault.TimeBounds;
import io.jobvault.artifact.ArtifactTooLargeException;
import io.jobvault.engine.RemoteRuns;
import io.jobvault.json.Json;
import io.jobvault.retry.OutcomePolicy.Verdict;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import io.jobvault.server.worker.ClientProbe;
import io.jobvault.server.worker.LeaseTokens;
import io.jobvault.server.worker.SubmitSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote worker API (scope {@code work}): claim jobs with a long poll, then heartbeat, upload artifacts, and
 * complete or fail them, each call carrying the lease token the claim returned. A stale or foreign token answers 409
 * and changes nothing. A claim whose worker went away before the answer reached it claims nothing, or hands its jobs
 * back at once without using an attempt.
 */
final class WorkersApi {
    private static final Logger log = LoggerFactory.getLogger(WorkersApi.class);
    static final int MAX_CLAIM = 100;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final int MAX_TYPES = 200;
    static final int MAX_STACK_TRACE = 8000;

    private final Jobvault jobvault;
    private final RemoteRuns runs;
    private final LeaseTokens leases;
    private final SubmitSignal submits;
    private final AtomicInteger claimsWaiting = new AtomicInteger();
    private final Counter handedBack;
    private final KnownTypes knownTypes;

    WorkersApi(Jobvault jobvault, LeaseTokens leases, SubmitSignal submits, MeterRegistry metrics, KnownTypes knownTypes) {
        this.jobvault = jobvault;
        this.knownTypes = knownTypes;
        this.runs = jobvault.remoteRuns();
        this.leases = leases;
        this.submits = submits;
        Gauge.builder("jobvault.worker.claims.waiting", claimsWaiting, AtomicInteger::get)
                .description("remote worker claims waiting for jobs on this node (open long polls)").register(metrics);
        this.handedBack = Counter.builder("jobvault.worker.claims.handed.back")
                .description("jobs handed back because the worker that claimed them went away before the answer").register(metrics);
    }

    void claim(Context ctx) throws InterruptedException {
        Caller caller = Authenticator.require(ctx, Scope.WORK);
        ObjectNode body = RequestBodies.objectOrEmpty(ctx);
        List<String> errors = new ArrayList<>();
        List<String> queues = new ArrayList<>();
        JsonNode q = body.get("queues");
        if (q == null || !q.isArray() || q.isEmpty()) errors.add("queues: required, a non-empty array of queue names");
        else q.forEach(n -> {
            if (n.isTextual() && n.asText().matches("[a-z0-9][a-z0-9._-]{0,63}")) queues.add(n.asText());
            else errors.add("queues: each must be a queue name like \"default\"");
        });
        int max = body.has("max") ? body.get("max").asInt(-1) : 1;
        if (max < 1 || max > MAX_CLAIM) errors.add("max: must be within 1.." + MAX_CLAIM);
        Duration wait = body.has("wait") ? ApiTime.field("wait", body.get("wait").asText(), Duration.ZERO, MAX_WAIT, errors) : Duration.ZERO;
        String worker = body.has("worker") ? body.get("worker").asText() : "worker";
        if (!worker.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) errors.add("worker: 1..64 letters, digits, '.', '_' or '-'");
        Set<String> types = body.has("types") ? types(body.get("types"), errors) : Set.of();
        for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("queues", "max", "wait", "worker", "types").contains(f)) {
                errors.add(f + ": unknown field (known: queues, max, wait, worker, types)");
            }
        }
        invalidIf(errors);
        knownTypes.declare(caller.tenant(), types);
        String owner = "remote." + worker + "." + caller.tokenId();
        ClientProbe client = ClientProbe.of(ctx);
        List<Job> claimed = waitAndClaim(client, queues, max, owner, caller.tenant(), wait);
        if (claimed.isEmpty()) {
            JobsApi.json(ctx, answer(claimed, owner));
            return;
        }
        // the worker may have gone while the claim ran: then nobody would ever work these jobs until their leases ran out
        if (client.gone() || !written(ctx, answer(claimed, owner))) handBack(owner, claimed);
    }

    /**
     * Claims, waiting up to {@code wait} for jobs; checks before each claim that the worker is still there, so that
     * one that went away mid-poll claims nothing.
     */
    private List<Job> waitAndClaim(ClientProbe client, List<String> queues, int max, String owner, String tenant, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        claimsWaiting.incrementAndGet();
        try {
            List<Job> claimed = runs.claim(queues, max, owner, tenant);
            while (claimed.isEmpty() && System.nanoTime() < deadline) {
                submits.await();
                if (client.gone()) return List.of();
                claimed = runs.claim(queues, max, owner, tenant);
            }
            return claimed;
        } finally {
            claimsWaiting.decrementAndGet();
        }
    }

    private ObjectNode answer(List<Job> claimed, String owner) {
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode jobs = out.putArray("jobs");
        for (Job job : claimed) {
            ObjectNode j = JobJson.job(job);
            j.putObject("lease").put("token", leases.issue(new LeaseTokens.Lease(job.id(), job.attempt(), owner)))
                    .put("expiresAt", job.leaseExpiresAt().toString())
                    .put("fencingToken", job.attempt()); // changes with every claim, unlike the job's attempt
            if (job.traceparent() != null) j.put("traceparent", job.traceparent()); // the worker's run continues it
            jobs.add(j);
        }
        return out;
    }

    /** Writes and flushes the answer now, rather than after the handler returns, to learn whether it went out. */
    private static boolean written(Context ctx, ObjectNode answer) {
        byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
        try {
            ctx.contentType("application/json");
            ctx.res().setContentLength(bytes.length);
            OutputStream out = ctx.res().getOutputStream();
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The claim's answer could not reach its worker: its jobs are available again at once, no attempt used. */
    private void handBack(String owner, List<Job> claimed) {
        runs.unclaim(owner, claimed);
        handedBack.increment(claimed.size());
        submits.jobsAvailable();
        log.info("worker {} went away before its claim was answered; handed back {} job(s) without using an attempt",
                owner, claimed.size());
    }

    /**
     * {@code POST /v1/workers/types}: a worker declares the job types it runs (when it starts; each claim declares
     * them again), so that submits of those types are accepted on every node.
     */
    void declareTypes(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.WORK);
        ObjectNode body = RequestBodies.object(ctx);
        List<String> errors = new ArrayList<>();
        Set<String> types = body.has("types") ? types(body.get("types"), errors) : Set.of();
        if (types.isEmpty() && errors.isEmpty()) errors.add("types: required, the job types this worker runs");
        for (java.util.Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("types")) errors.add(f + ": unknown field (known: types)");
        }
        invalidIf(errors);
        knownTypes.declare(caller.tenant(), types);
        ObjectNode out = Json.MAPPER.createObjectNode();
        new TreeSet<>(types).forEach(out.putArray("types")::add);
        out.put("keptFor", KnownTypes.WORKER_TYPES_KEPT.toString());
        JobsApi.json(ctx, out);
    }

    /** A {@code types} field: up to {@link #MAX_TYPES} job type names. */
    private static Set<String> types(JsonNode node, List<String> errors) {
        Set<String> types = new TreeSet<>();
        if (!node.isArray() || node.size() > MAX_TYPES) {
            errors.add("types: an array of up to " + MAX_TYPES + " job type names");
            return types;
        }
        for (JsonNode t : node) {
            if (t.isTextual() && JobType.isValidName(t.asText())) types.add(t.asText());
            else errors.add("types: each must be a job type name such as \"report.pdf\"");
        }
        return types;
    }

    void heartbeat(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.WORK);
        LeaseTokens.Lease lease = lease(ctx, caller, bodyToken(ctx));
        ObjectNode body = RequestBodies.objectOrEmpty(ctx);
        Integer percent = null;
        String message = null;
        JsonNode p = body.get("progress");
        if (p != null && !p.isNull()) {
            if (!p.isObject() || !p.has("percent") || !p.get("percent").canConvertToInt()
                    || p.get("percent").asInt() < 0 || p.get("percent").asInt() > 100) {
                invalidIf(List.of("progress: must be {\"percent\": 0..100, \"message\": \"...\"}"));
            }
            percent = p.get("percent").asInt();
            message = p.hasNonNull("message") ? p.get("message").asText() : null;
            if (message != null && message.length() > 500) message = message.substring(0, 500);
        }
        RemoteRuns.Heartbeat hb = runs.heartbeat(lease.jobId(), lease.attempt(), lease.owner(), percent, message);
        if (!hb.held()) throw leaseLost(lease);
        JobsApi.json(ctx, Json.MAPPER.createObjectNode().put("held", true).put("cancelRequested", hb.cancelRequested())
                .put("leaseExpiresAt", hb.leaseExpiresAt().toString()));
    }

    void complete(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.WORK);
        LeaseTokens.Lease lease = lease(ctx, caller, bodyToken(ctx));
        ObjectNode body = RequestBodies.objectOrEmpty(ctx);
        JsonNode result = body.get("result");
        String json = result == null || result.isNull() ? null : result.toString();
        if (!runs.finish(lease.jobId(), lease.attempt(), lease.owner(), new Verdict.Succeed(json))) throw leaseLost(lease);
        JobsApi.json(ctx, JobJson.job(jobvault.get(lease.jobId())));
    }

    void fail(Context ctx) {
        Caller caller = Authenticator.require(ctx, Scope.WORK);
        LeaseTokens.Lease lease = lease(ctx, caller, bodyToken(ctx));
        ObjectNode body = RequestBodies.objectOrEmpty(ctx);
        List<String> errors = new ArrayList<>();
        String error = body.hasNonNull("error") && body.get("error").isTextual() ? body.get("error").asText() : null;
        if (error == null || error.isBlank()) errors.add("error: required, a message saying what went wrong");
        boolean retryable = !body.has("retryable") || body.get("retryable").asBoolean(true);
        Duration retryAfter = null;
        if (body.hasNonNull("retryAfter")) {
            retryAfter = ApiTime.field("retryAfter", body.get("retryAfter").asText(), Duration.ZERO, TimeBounds.LONGEST, errors);
        }
        boolean snooze = body.hasNonNull("snooze") && body.get("snooze").asBoolean(false);
        boolean cancel = body.hasNonNull("cancel") && body.get("cancel").asBoolean(false);
        // the newer fields are checked, not coerced: a cancel misspelt as "yes" must not quietly retry the job
        if (body.hasNonNull("cancel") && !body.get("cancel").isBoolean()) errors.add("cancel: must be true or false");
        if (body.hasNonNull("stackTrace") && !body.get("stackTrace").isTextual()) {
            errors.add("stackTrace: must be a string (the first lines of the exception's stack trace)");
        }
        if (snooze && retryAfter == null) errors.add("snooze: needs a retryAfter (how long to wait before running again)");
        if (snooze && !retryable) errors.add("snooze: a snooze runs again; it cannot be combined with retryable false");
        if (cancel && snooze) errors.add("cancel: ends the job; it cannot be combined with snooze");
        invalidIf(errors);
        String type = body.hasNonNull("errorType") ? body.get("errorType").asText() : null;
        String stack = body.hasNonNull("stackTrace") ? clip(body.get("stackTrace").asText(), MAX_STACK_TRACE) : null;
        String msg = clip(error, 2000);
        Verdict verdict = cancel ? new Verdict.Cancel(msg)
                : snooze ? new Verdict.Snooze(retryAfter, msg)
                : !retryable ? new Verdict.Discard(msg, type, stack)
                : new Verdict.Fail(Attempt.Outcome.FAILED, msg, type, stack, retryAfter, null);
        if (!runs.finish(lease.jobId(), lease.attempt(), lease.owner(), verdict)) throw leaseLost(lease);
        JobsApi.json(ctx, JobJson.job(jobvault.get(lease.jobId())));
    }

    void upload(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        Caller caller = Authenticator.require(ctx, Scope.WORK);
        String token = ctx.header("Jobvault-Lease");
        if (token == null) invalidIf(List.of("Jobvault-Lease: header required, the lease token the claim returned"));
        LeaseTokens.Lease lease = lease(ctx, caller, token);
        Artifact a;
        try {
            a = runs.writeArtifact(lease.jobId(), lease.attempt(), lease.owner(), name, ctx.contentType(), ctx.bodyInputStream());
        } catch (IllegalArgumentException e) {
            throw Problem.of(422, "invalid-artifact", "Invalid artifact", e.getMessage(),
                    "artifact names are plain file names such as report.pdf").withErrors(List.of("name: " + e.getMessage())).exception();
        } catch (ArtifactTooLargeException e) {
            throw Problem.of(413, "artifact-too-large", "Artifact too large", e.getMessage(),
                    "split the output, or raise the server's maximum artifact size").exception();
        } catch (LeaseLostException e) {
            throw leaseLost(lease);
        }
        ctx.status(201);
        JobsApi.json(ctx, Json.MAPPER.createObjectNode().put("name", a.name()).put("size", a.size())
                .put("contentType", a.contentType()).put("sha256", a.sha256()));
    }

    /** The lease token in a JSON body's {@code leaseToken}. */
    private static String bodyToken(Context ctx) {
        JsonNode t = RequestBodies.objectOrEmpty(ctx).get("leaseToken");
        if (t == null || !t.isTextual()) invalidIf(List.of("leaseToken: required, the lease token the claim returned"));
        return t.asText();
    }

    /** The lease {@code token} stands for; it must name the job in the path, and the caller must see the job. */
    private LeaseTokens.Lease lease(Context ctx, Caller caller, String token) {
        UUID id = ApiIds.jobId(ctx);
        Job job = jobvault.get(id);
        if (!caller.sees(job.tenant())) throw new JobNotFoundException(id);
        LeaseTokens.Lease lease = leases.read(token).orElse(null);
        if (lease == null || !lease.jobId().equals(id)) {
            throw Problem.of(409, "lease-not-held", "Lease not held", "the lease token is not valid for job " + id,
                    "use the token the claim of this job returned").exception();
        }
        return lease;
    }

    private static ProblemException leaseLost(LeaseTokens.Lease lease) {
        return Problem.of(409, "lease-not-held", "Lease not held", "attempt " + lease.attempt() + " of job " + lease.jobId()
                + " no longer holds the lease (it expired and the job was rescued, or it finished or was cancelled);"
                + " nothing was changed", "stop working on this job; claim again for new work").exception();
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static void invalidIf(List<String> errors) {
        if (errors.isEmpty()) return;
        throw Problem.of(422, "invalid-request", "Invalid request", errors.size() + " field(s) are invalid",
                "fix the fields named in errors").withErrors(errors).exception();
    }
}
