package io.jobvault.server.dashboard;

import io.javalin.http.Context;
import io.jobvault.server.Problem;
import io.jobvault.server.ProblemException;
import java.net.URI;

/**
 * Refuses forged state-changing requests, twice over: the browser's Origin (or, without one, its Sec-Fetch-Site) must
 * be this site, and the request must carry the session's CSRF token — in the {@value #FIELD} form field (plain forms)
 * or the {@value #HEADER} header (htmx). SameSite=Strict cookies are a third line: another site's page does not send
 * the session at all.
 */
final class CsrfGuard {
    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";

    private CsrfGuard() {}

    /** Throws a 403 problem unless the request comes from this site and carries {@code expected}. */
    static void check(Context ctx, String expected) {
        checkOrigin(ctx);
        String sent = ctx.header(HEADER);
        if (sent == null) sent = ctx.formParam(FIELD);
        if (!Sessions.constantTimeEquals(expected, sent)) {
            throw refused("the request did not carry this session's CSRF token");
        }
    }

    /**
     * Throws a 403 problem when the browser says the request came from another site: an Origin whose host and port
     * are not this request's Host, or (where no Origin is sent) a Sec-Fetch-Site of cross-site or same-site.
     */
    static void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null) {
            String host = ctx.header("Host");
            String authority;
            try {
                authority = "null".equals(origin) ? null : URI.create(origin).getRawAuthority();
            } catch (IllegalArgumentException e) {
                authority = null;
            }
            if (authority == null || host == null || !authority.equalsIgnoreCase(host)) {
                throw refused("the request came from another origin");
            }
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)) {
            throw refused("the request came from another site");
        }
    }

    private static ProblemException refused(String detail) {
        return Problem.of(403, "csrf", "Forbidden", detail + "; nothing was changed",
                "use the dashboard's own buttons; reload the page if the sign-in changed").exception();
    }
}
