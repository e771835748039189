package io.jobvault.server;

import io.javalin.http.Context;
import io.jobvault.Job;
import io.jobvault.JobNotFoundException;
import io.jobvault.Jobvault;
import io.jobvault.NoSuchJobException;
import io.jobvault.server.auth.Authenticator;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code GET /v1/jobs/{id}/events}: Server-Sent Events of a job's progress and state changes, ending after its
 * terminal state. Each event carries the whole job, so a client that missed some loses nothing, and the terminal one
 * its artifacts with their signed links too, as {@code GET /v1/jobs/{id}} answers (a browser offers the download from
 * the stream alone); its id names the
 * snapshot ({@code attempt.state.progress}), and a reconnect with {@code Last-Event-ID} skips the snapshot it already
 * has. Streams end after {@link #MAX_STREAM} (reconnect to continue) and carry a comment every {@link #KEEP_ALIVE}.
 */
final class JobEventsApi {
    static final Duration MAX_STREAM = Duration.ofMinutes(30);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Jobvault jobvault;
    private final JobWaiters waiters;
    private final ArtifactLinks links;

    JobEventsApi(Jobvault jobvault, JobWaiters waiters, ArtifactLinks links) {
        this.jobvault = jobvault;
        this.waiters = waiters;
        this.links = links;
    }

    void stream(Context ctx) throws IOException, InterruptedException {
        stream(ctx, job -> job.state().isTerminal() ? withArtifacts(job) : JobJson.job(job));
    }

    /** The job as GET /v1/jobs/{id} answers it: with its artifacts (none when it was deleted meanwhile). */
    private com.fasterxml.jackson.databind.JsonNode withArtifacts(Job job) {
        java.util.List<io.jobvault.Artifact> artifacts;
        try {
            artifacts = jobvault.details(job.id()).artifacts();
        } catch (NoSuchJobException e) {
            artifacts = java.util.List.of();
        }
        return JobJson.withArtifacts(JobJson.job(job), job.id(), artifacts, links);
    }

    /**
     * The same stream with each event's data as {@code view} shows the job: the dashboard's page needs only its state
     * and progress (and must not be sent a payload its settings redact).
     */
    void stream(Context ctx, java.util.function.Function<Job, com.fasterxml.jackson.databind.JsonNode> view)
            throws IOException, InterruptedException {
        Caller caller = Authenticator.require(ctx, Scope.READ);
        UUID id = ApiIds.jobId(ctx);
        Job job = jobvault.get(id); // 404/410 as problem+json, before the stream starts
        if (!caller.sees(job.tenant())) throw new JobNotFoundException(id);

        ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        String lastSent = ctx.header("Last-Event-ID");
        long deadline = System.nanoTime() + MAX_STREAM.toNanos();
        long nextKeepAlive = System.nanoTime() + KEEP_ALIVE.toNanos();
        Job previous = null;
        while (true) {
            String eventId = eventId(job);
            if (!eventId.equals(lastSent)) {
                String type = previous != null && previous.state() == job.state() ? "progress" : "state";
                write(out, "id: " + eventId + "\nevent: " + type + "\ndata: " + view.apply(job) + "\n\n");
                lastSent = eventId;
                previous = job;
            }
            if (job.state().isTerminal() || System.nanoTime() > deadline) break;
            waiters.awaitChange(id);
            if (System.nanoTime() > nextKeepAlive) {
                write(out, ": keep-alive\n\n");
                nextKeepAlive = System.nanoTime() + KEEP_ALIVE.toNanos();
            }
            try {
                job = jobvault.get(id);
            } catch (NoSuchJobException e) {
                write(out, "event: deleted\ndata: {\"id\":\"" + id + "\"}\n\n");
                break;
            }
        }
        out.close();
    }

    static String eventId(Job job) {
        return job.attempt() + "." + job.state().dbName() + "." + (job.progressPercent() == null ? "-" : job.progressPercent());
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
