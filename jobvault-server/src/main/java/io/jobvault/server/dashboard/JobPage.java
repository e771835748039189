package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.Artifact;
import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobDetails;
import io.jobvault.JobNotFoundException;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.NoSuchJobException;
import io.jobvault.server.auth.Scope;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * {@code /jobs/{id}}: one job — its state and live progress, the actions the session's token may take, payload and
 * result (with {@code --redact} keys masked), labels, artifacts with download links, every attempt with its error and
 * stack trace, and a timeline. Another tenant's job answers exactly as one that never existed.
 */
final class JobPage {
    /** The words an action's redirect may show; anything else in {@code ?done=} shows nothing. */
    private static final Map<String, String> DONE = Map.of("cancel", "Cancel requested.", "retry", "Retried: the job runs again.",
            "run-now", "Made due now: it runs as soon as its queue has a free slot.");

    private final Jobvault jobvault;
    private final Redaction redaction;
    private final BiFunction<UUID, String, String> artifactLink;

    JobPage(Jobvault jobvault, Redaction redaction, BiFunction<UUID, String, String> artifactLink) {
        this.jobvault = jobvault;
        this.redaction = redaction;
        this.artifactLink = artifactLink;
    }

    void show(Context ctx, Session session) {
        UUID id = JobsPage.parseId(ctx.pathParam("id"));
        JobDetails details;
        List<Attempt> attempts;
        try {
            if (id == null) throw new JobNotFoundException(new UUID(0, 0));
            details = jobvault.details(id);
            if (!session.caller().sees(details.job().tenant())) throw new JobNotFoundException(id);
            attempts = jobvault.attempts(id);
        } catch (NoSuchJobException e) {
            boolean gone = !(e instanceof JobNotFoundException);
            Layout.page(ctx, session, gone ? 410 : 404, gone ? "Job gone" : "Job not found", "jobs",
                    "<p id=\"job-missing\">" + esc(gone ? e.getMessage() : "There is no job with this id.")
                            + "</p><p><a href=\"/jobs\">All jobs</a></p>");
            return;
        }
        Job job = details.job();
        StringBuilder h = new StringBuilder();
        String done = DONE.get(String.valueOf(ctx.queryParam("done"))); // an immutable map's get(null) throws
        if (done != null) h.append("<p class=\"notice\" id=\"action-done\" role=\"status\">").append(esc(done)).append("</p>\n");
        summary(h, job);
        live(h, job);
        actions(h, job, session);
        json(h, "payload", "Payload", job.payload());
        if (job.result() != null) json(h, "result", "Result", job.result());
        labels(h, job.labels());
        artifacts(h, job.id(), details.artifacts());
        attempts(h, attempts);
        JobTimeline.render(h, job, attempts);
        Layout.page(ctx, session, "Job " + job.id(), "jobs", h.toString());
    }

    private static void summary(StringBuilder h, Job j) {
        h.append("<dl class=\"facts\" id=\"job-summary\">");
        fact(h, "State", "<span id=\"job-state\">" + Formats.state(j.state()) + "</span>"
                + (j.cancelRequested() && !j.state().isTerminal() ? " <span class=\"badge\">cancel requested</span>" : ""));
        fact(h, "Type", esc(j.type()));
        fact(h, "Queue", esc(j.queue()));
        if (!j.tenant().isEmpty()) fact(h, "Tenant", esc(j.tenant()));
        fact(h, "Priority", String.valueOf(j.priority()));
        fact(h, "Attempt", j.attemptsUsed() + " of " + j.attemptBudget());
        if (j.leaseOwner() != null) fact(h, "Node", esc(j.leaseOwner()));
        if (j.idempotencyKey() != null) fact(h, "Idempotency key", esc(j.idempotencyKey()));
        if (j.uniqueKey() != null) fact(h, "Unique key", esc(j.uniqueKey()));
        if (j.concurrencyKey() != null) fact(h, "Concurrency", esc(j.concurrencyKey()) + " (limit " + j.concurrencyLimit() + ")");
        if (j.waitingFor() != null) fact(h, "Waiting for", esc(j.waitingFor()));
        if (j.timeout() != null) fact(h, "Timeout", esc(j.timeout()));
        if (j.lastError() != null) fact(h, "Last error", "<span class=\"error-text\" id=\"job-last-error\">" + esc(j.lastError()) + "</span>");
        h.append("</dl>\n");
    }

    private static void fact(StringBuilder h, String name, String valueHtml) {
        h.append("<div><dt>").append(esc(name)).append("</dt><dd>").append(valueHtml).append("</dd></div>");
    }

    /** The progress bar; while the job is unfinished, the page script keeps it current from the event stream. */
    private static void live(StringBuilder h, Job j) {
        int percent = j.progressPercent() == null ? 0 : j.progressPercent();
        h.append("<section aria-labelledby=\"progress-h\" id=\"job-live\" data-state=\"").append(j.state().dbName()).append('"');
        if (!j.state().isTerminal()) h.append(" data-events=\"/jobs/").append(j.id()).append("/events\"");
        h.append("><h2 id=\"progress-h\">Progress</h2><progress id=\"job-progress\" max=\"100\" value=\"").append(percent)
                .append("\">").append(percent).append("%</progress> <span id=\"job-progress-percent\">")
                .append(j.progressPercent() == null ? "" : percent + "%").append("</span> <span id=\"job-progress-message\">")
                .append(esc(j.progressMessage())).append("</span></section>\n");
    }

    /** Only the buttons this token may use; the endpoints check again. */
    private static void actions(StringBuilder h, Job j, Session s) {
        StringBuilder b = new StringBuilder();
        if (s.can(Scope.SUBMIT) && (j.state() == JobState.SCHEDULED || j.state() == JobState.RETRYING) && j.waitingFor() == null) {
            b.append(button(j, s, "run-now", "Run now", null));
        }
        if (s.can(Scope.SUBMIT) && !j.state().isTerminal()) b.append(button(j, s, "cancel", "Cancel", null));
        if (s.can(Scope.SUBMIT) && (j.state() == JobState.DEAD || j.state() == JobState.CANCELLED)) {
            b.append(button(j, s, "retry", "Retry", null));
        }
        if (s.can(Scope.ADMIN)) b.append(button(j, s, "delete", "Delete", "Delete this job and its history and artifacts for good?"));
        if (b.isEmpty()) return;
        h.append("<section aria-label=\"Actions\" class=\"actions\" id=\"job-actions\">").append(b).append("</section>\n");
    }

    private static String button(Job j, Session s, String action, String label, String confirm) {
        return "<form method=\"post\" action=\"/jobs/" + j.id() + "/" + action + "\" class=\"inline\" id=\"" + action + "-form\""
                + (confirm == null ? "" : " data-confirm=\"" + esc(confirm) + "\"") + ">" + Layout.csrfField(s)
                + "<button type=\"submit\" id=\"action-" + action + "\"" + ("delete".equals(action) ? " class=\"danger\"" : "")
                + ">" + esc(label) + "</button></form> ";
    }

    private void json(StringBuilder h, String id, String title, String json) {
        h.append("<section aria-labelledby=\"").append(id).append("-h\"><h2 id=\"").append(id).append("-h\">").append(title)
                .append("</h2><pre class=\"json\" id=\"job-").append(id).append("\">").append(esc(redaction.pretty(json)))
                .append("</pre></section>\n");
    }

    private static void labels(StringBuilder h, Map<String, String> labels) {
        if (labels.isEmpty()) return;
        h.append("<section aria-labelledby=\"labels-h\"><h2 id=\"labels-h\">Labels</h2><ul id=\"job-labels\" class=\"labels\">");
        new java.util.TreeMap<>(labels).forEach((k, v) -> h.append("<li><span class=\"label-key\">").append(esc(k))
                .append("</span>=<span class=\"label-value\">").append(esc(v)).append("</span></li>"));
        h.append("</ul></section>\n");
    }

    private void artifacts(StringBuilder h, UUID id, List<Artifact> artifacts) {
        if (artifacts.isEmpty()) return;
        h.append("<section aria-labelledby=\"artifacts-h\"><h2 id=\"artifacts-h\">Artifacts</h2><div class=\"scroll\"><table id=\"job-artifacts\">")
                .append("<thead><tr><th scope=\"col\">Name</th><th scope=\"col\" class=\"num\">Size</th><th scope=\"col\">Type</th>")
                .append("<th scope=\"col\">SHA-256</th></tr></thead><tbody>");
        for (Artifact a : artifacts) {
            h.append("<tr><td><a download href=\"").append(esc(artifactLink.apply(id, a.name()))).append("\">").append(esc(a.name()))
                    .append("</a>").append(a.missing() ? " <span class=\"badge error-text\">file missing</span>" : "")
                    .append("</td><td class=\"num\">").append(Formats.size(a.size())).append("</td><td>").append(esc(a.contentType()))
                    .append("</td><td class=\"mono small\">").append(esc(a.sha256())).append("</td></tr>");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void attempts(StringBuilder h, List<Attempt> attempts) {
        h.append("<section aria-labelledby=\"attempts-h\"><h2 id=\"attempts-h\">Attempts</h2>");
        if (attempts.isEmpty()) {
            h.append("<p id=\"no-attempts\">Not run yet.</p></section>\n");
            return;
        }
        h.append("<ol id=\"job-attempts\" class=\"attempts\">");
        for (Attempt a : attempts) {
            String outcome = a.outcome() == null ? "running" : a.outcome().name().toLowerCase(java.util.Locale.ROOT);
            h.append("<li id=\"attempt-").append(a.attempt()).append("\"><strong>#").append(a.attempt()).append("</strong> ")
                    .append("<span class=\"outcome outcome-").append(outcome).append("\">").append(outcome.replace('_', ' ')).append("</span>")
                    .append(a.node() == null ? "" : " on " + esc(a.node())).append(", ").append(Formats.time(a.startedAt()))
                    .append(a.finishedAt() == null ? "" : " – " + Formats.time(a.finishedAt()));
            if (a.errorMessage() != null || a.errorType() != null) {
                h.append("<div class=\"error-text\">").append(esc(a.errorType() == null ? "" : a.errorType() + ": "))
                        .append(esc(a.errorMessage())).append("</div>");
            }
            if (a.stackTrace() != null) {
                h.append("<details><summary>Stack trace</summary><pre class=\"trace\">").append(esc(a.stackTrace())).append("</pre></details>");
            }
            h.append("</li>");
        }
        h.append("</ol></section>\n");
    }
}
