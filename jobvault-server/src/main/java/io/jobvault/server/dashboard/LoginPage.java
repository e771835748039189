package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Scope;
import io.jobvault.server.auth.Tokens;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code /login}: the operator pastes an API token, which is exchanged for a session cookie (see {@link Sessions}); the
 * token itself is neither stored in the browser nor logged. {@code POST /logout} ends the sign-in in this browser.
 * Sign-in needs a token with the read scope; a token without submit gets a read-only dashboard.
 */
final class LoginPage {
    /** A per-visit value in a cookie and in the form: a login POST from another site cannot show both (login CSRF). */
    static final String LOGIN_COOKIE = "jv_login";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Tokens tokens;
    private final Sessions sessions;

    LoginPage(Tokens tokens, Sessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    void show(Context ctx) {
        if (sessions.of(ctx).isPresent()) {
            Dashboard.redirect(ctx, "/");
            return;
        }
        form(ctx, 200, null);
    }

    void signIn(Context ctx) {
        CsrfGuard.checkOrigin(ctx);
        String expected = Sessions.cookie(ctx, LOGIN_COOKIE);
        if (expected == null || !Sessions.constantTimeEquals(expected, ctx.formParam(CsrfGuard.FIELD))) {
            form(ctx, 403, "The sign-in form expired. Paste the token again.");
            return;
        }
        String token = ctx.formParam("token");
        Optional<Caller> caller = tokens.authenticate(token == null ? null : token.strip());
        if (caller.isEmpty()) {
            form(ctx, 401, "That token is unknown or revoked.");
            return;
        }
        if (!caller.get().can(Scope.READ)) {
            form(ctx, 403, "That token cannot read jobs: the dashboard needs a token with the read scope.");
            return;
        }
        sessions.signIn(ctx, caller.get());
        Sessions.setCookie(ctx, LOGIN_COOKIE, "", 0, "/login");
        Dashboard.redirect(ctx, "/");
    }

    void signOut(Context ctx) {
        sessions.of(ctx).ifPresent(s -> CsrfGuard.check(ctx, s.csrf()));
        Sessions.signOut(ctx);
        Dashboard.redirect(ctx, "/login");
    }

    private void form(Context ctx, int status, String error) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        Sessions.setCookie(ctx, LOGIN_COOKIE, value, 3600, "/login");
        StringBuilder h = new StringBuilder();
        if (error != null) h.append("<p class=\"error\" id=\"login-error\" role=\"alert\">").append(esc(error)).append("</p>\n");
        h.append("<form method=\"post\" action=\"/login\" id=\"login-form\">\n")
                .append("<input type=\"hidden\" name=\"").append(CsrfGuard.FIELD).append("\" value=\"").append(esc(value)).append("\">\n")
                .append("<label for=\"token\">API token</label>\n")
                .append("<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\" required autofocus")
                .append(" placeholder=\"jv_…\" spellcheck=\"false\">\n")
                .append("<button type=\"submit\" id=\"sign-in\">Sign in</button>\n</form>\n")
                .append("<p class=\"muted\">Paste a token with the read scope (read-only) or submit/admin (with actions).")
                .append(" Create one with <code>./jobvault token create</code>. The token is not kept in the browser:")
                .append(" it is exchanged for a session that ends after ").append(esc(sessions.lengthText()))
                .append(", on sign-out, or when the token is revoked.</p>\n");
        Layout.bare(ctx, status, "Sign in", h.toString());
    }
}
