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

    /** What a read token may open: {@code GET /v1/jobs/{id}}, its events and its artifacts (group 1: the id). */
    private static final Pattern READ_TOKEN_ROUTE = Pattern.compile("/v1/jobs/([0-9a-fA-F-]{36})(?:/events|/artifacts/[^/]+)?");
    /** The one route that takes a token as {@code ?access_token=}: EventSource cannot send headers. */
    private static final Pattern EVENTS = Pattern.compile("/v1/jobs/[^/]+/events");

    private final Tokens tokens;
    private final ReadTokens readTokens;

    public Authenticator(Tokens tokens, ReadTokens readTokens) {
        this.tokens = tokens;
        this.readTokens = readTokens;
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
        if (isPreflight(ctx)) return; // a browser sends no credentials with a CORS preflight; it reveals nothing
        String header = ctx.header("Authorization");
        String token;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        } else if (ctx.method() == HandlerType.GET && ctx.queryParam("access_token") != null && EVENTS.matcher(ctx.path()).matches()) {
            token = ctx.queryParam("access_token");
            // a long-lived token in a URL ends up in logs and histories: only a short-lived read token may go there
            if (!token.startsWith(ReadTokens.PREFIX)) {
                throw invalid(ctx, "only a per-job read token may be given as access_token",
                        "mint one with POST /v1/jobs/{id}/read-token, or send 'Authorization: Bearer <token>'");
            }
        } else {
            throw needsToken(ctx);
        }
        Caller caller = token.startsWith(ReadTokens.PREFIX) ? readCaller(ctx, token) : tokens.authenticate(token).orElseThrow(() ->
                invalid(ctx, "the bearer token is unknown or revoked", "check the token; ./jobvault token list shows which exist"));
        ctx.attribute(CALLER, caller);
    }

    /**
     * Lets an endpoint answer for a caller authenticated another way — a dashboard session (which checked its token the
     * same way, by id) — with the same scope and tenant checks as for a bearer token.
     */
    public static void attach(Context ctx, Caller caller) {
        ctx.attribute(CALLER, caller);
    }

    /** A CORS preflight: OPTIONS with the Origin and Access-Control-Request-Method a browser sends. */
    public static boolean isPreflight(Context ctx) {
        return ctx.method() == HandlerType.OPTIONS && ctx.header("Origin") != null && ctx.header("Access-Control-Request-Method") != null;
    }

    /** The caller a read token stands for: read scope, its parent's tenant, and only on its own job's read routes. */
    private Caller readCaller(Context ctx, String token) {
        ReadTokens.Grant grant = readTokens.verify(token).orElseThrow(() -> invalid(ctx, "the read token is malformed or not signed"
                + " by this server's store", "mint a new one with POST /v1/jobs/{id}/read-token"));
        if (readTokens.expired(grant)) {
            throw invalid(ctx, "the read token expired at " + grant.expiresAt(), "ask the backend for a fresh read token");
        }
        if (tokens.callerById(grant.parentTokenId()).isEmpty()) { // revoked: through the same 5 s cache as bearer tokens
            throw invalid(ctx, "the token that minted this read token was revoked", "ask the backend for a fresh read token");
        }
        var route = READ_TOKEN_ROUTE.matcher(ctx.path());
        boolean reads = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
        if (!reads || !route.matches() || !route.group(1).equalsIgnoreCase(grant.jobId().toString())) {
            throw Problem.of(403, "forbidden", "Forbidden", "a read token only reads job " + grant.jobId()
                    + ": GET the job, its events and its artifacts", "use a token with the scope this request needs").exception();
        }
        return new Caller("read-token:" + grant.parentTokenId(), grant.tenant(), java.util.Set.of(Scope.READ));
    }

    private static ProblemException invalid(Context ctx, String detail, String hint) {
        ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        return Problem.of(401, "unauthorized", "Unauthorized", detail, hint).exception();
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
