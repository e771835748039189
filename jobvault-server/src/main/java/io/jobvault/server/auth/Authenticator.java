package io.jobvault.server.auth;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.jobvault.server.Problem;
import io.jobvault.server.ProblemException;
import java.util.regex.Pattern;

/** Resolves the caller of every {@code /v1} request from its bearer token, and checks scopes. */
public final class Authenticator {
    private static final String CALLER = "jobvault.caller";
    /** The one route a signed link may open: {@code /v1/jobs/{id}/artifacts/{name}}. */
    private static final Pattern ARTIFACT_DOWNLOAD = Pattern.compile("/v1/jobs/[^/]+/artifacts/[^/]+");

    private final Tokens tokens;

    public Authenticator(Tokens tokens) {
        this.tokens = tokens;
    }

    /**
     * Whether the request is a download through a signed link, which its endpoint checks instead of a token. Only a
     * GET (or HEAD) of the artifact download route with both {@code sig} and {@code expires}: a {@code sig} on any
     * other request (another route whose path merely contains "artifacts", say) does not excuse it from authentication.
     */
    public static boolean isSignedDownload(Context ctx) {
        return (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) && ctx.queryParam("sig") != null
                && ctx.queryParam("expires") != null && ARTIFACT_DOWNLOAD.matcher(ctx.path()).matches();
    }

    /** Before-handler: 401 without a valid token. A signed artifact link is checked by its endpoint instead. */
    public void authenticate(Context ctx) {
        if (isSignedDownload(ctx)) return;
        if (ctx.path().equals("/v1/openapi.json")) return; // the API description is public
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) throw needsToken(ctx);
        Caller caller = tokens.authenticate(header.substring(7).trim()).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return Problem.of(401, "unauthorized", "Unauthorized", "the bearer token is unknown or revoked",
                    "check the token; ./jobvault token list shows which exist").exception();
        });
        ctx.attribute(CALLER, caller);
    }

    /**
     * Lets an endpoint answer for a caller authenticated another way — a dashboard session (which checked its token the
     * same way, by id) — with the same scope and tenant checks as for a bearer token.
     */
    public static void attach(Context ctx, Caller caller) {
        ctx.attribute(CALLER, caller);
    }

    /** The caller, who must have {@code scope} (403 otherwise; 401 when the request was not authenticated). */
    public static Caller require(Context ctx, Scope scope) {
        Caller caller = ctx.attribute(CALLER);
        // none when the authenticator let the request through unauthenticated (a signed download): it needs a token here
        if (caller == null) throw needsToken(ctx);
        if (!caller.can(scope)) {
            throw Problem.of(403, "forbidden", "Forbidden", "this token lacks the '" + scope.wireName() + "' scope",
                    "use a token with that scope (./jobvault token create --scopes " + scope.wireName() + ")").exception();
        }
        return caller;
    }

    /**
     * The caller, who must have {@code scope} and no tenant binding: for what spans tenants (schedules, alerts, the
     * audit log, the health report). 403 otherwise.
     */
    public static Caller requireUntenanted(Context ctx, Scope scope, String what) {
        Caller caller = require(ctx, scope);
        if (caller.tenant() != null) {
            throw Problem.of(403, "forbidden", "Forbidden", what + " span tenants; this token is bound to tenant "
                    + caller.tenant(), "use a token without a tenant").exception();
        }
        return caller;
    }

    private static ProblemException needsToken(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer");
        return Problem.of(401, "unauthorized", "Unauthorized", "this endpoint needs a bearer token",
                "send 'Authorization: Bearer <token>'; create tokens with ./jobvault token create").exception();
    }
}
