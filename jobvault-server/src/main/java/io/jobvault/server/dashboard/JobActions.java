package io.jobvault.server.dashboard;

import io.javalin.http.Context;
import io.jobvault.Job;
import io.jobvault.JobNotFoundException;
import io.jobvault.Jobvault;
import io.jobvault.server.Problem;
import io.jobvault.server.auth.Scope;
import java.util.UUID;

/**
 * The job page's buttons: cancel, retry and run now (submit scope), delete (admin), with the same checks and audit entries as
 * the API's endpoints. The session and its CSRF token are checked before these run (see {@link Dashboard}); the scope
 * is checked here, so a read-only session's forged POST changes nothing.
 */
final class JobActions {
    /** Where dashboard actions say they came from, telling them from the same action through the API. */
    static final String VIA = "dashboard";
    /** Audit details of every dashboard action: {@link #VIA}. */
    static final String VIA_DASHBOARD = "{\"via\":\"" + VIA + "\"}";

    private final Jobvault jobvault;

    JobActions(Jobvault jobvault) {
        this.jobvault = jobvault;
    }

    void cancel(Context ctx, Session session) {
        Job job = jobvault.cancel(visible(ctx, session, Scope.SUBMIT));
        audit(session, "job.cancel", job.id());
        Dashboard.redirect(ctx, "/jobs/" + job.id() + "?done=cancel");
    }

    void retry(Context ctx, Session session) {
        Job job = jobvault.retry(visible(ctx, session, Scope.SUBMIT));
        audit(session, "job.retry", job.id());
        Dashboard.redirect(ctx, "/jobs/" + job.id() + "?done=retry");
    }

    void runNow(Context ctx, Session session) {
        Job job = jobvault.runNow(visible(ctx, session, Scope.SUBMIT));
        audit(session, "job.run-now", job.id());
        Dashboard.redirect(ctx, "/jobs/" + job.id() + "?done=run-now");
    }

    void delete(Context ctx, Session session) {
        UUID id = visible(ctx, session, Scope.ADMIN);
        jobvault.delete(id);
        audit(session, "job.delete", id);
        Dashboard.redirect(ctx, "/jobs");
    }

    /** The job's id, once the session may act on it: 403 without the scope, 404 for another tenant's job. */
    private UUID visible(Context ctx, Session session, Scope scope) {
        if (!session.can(scope)) {
            throw Problem.of(403, "forbidden", "Forbidden", "this sign-in's token lacks the '" + scope.wireName()
                    + "' scope; nothing was changed", "sign in with a token that has it").exception();
        }
        UUID id = JobsPage.parseId(ctx.pathParam("id"));
        if (id == null) throw new JobNotFoundException(new UUID(0, 0));
        Job job = jobvault.get(id);
        if (!session.caller().sees(job.tenant())) throw new JobNotFoundException(id);
        return id;
    }

    private void audit(Session session, String action, UUID id) {
        jobvault.audit("token:" + session.caller().tokenId(), action, "job:" + id, null, VIA_DASHBOARD);
    }
}
