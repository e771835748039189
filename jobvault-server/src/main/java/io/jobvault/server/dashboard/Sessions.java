package io.jobvault.server.dashboard;

import io.javalin.http.Context;
import io.jobvault.id.Signer;
import io.jobvault.server.auth.Caller;
import io.jobvault.server.auth.Tokens;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dashboard sign-ins, kept in a signed cookie rather than in memory, so any node answers for any session: the cookie
 * carries the token's id (never its secret), an expiry and a random session id, under an HMAC-SHA256 with a secret kept
 * in the store. Each request checks the signature and the expiry, then the token's current state through
 * {@link Tokens#callerById} — so revoking the token ends its sessions, and its scopes and tenant are always the token's
 * own. The session's CSRF token is derived from the session id under the same key: nothing to store.
 */
final class Sessions {
    static final String COOKIE = "jv_session";
    /** Token ids are {@code tok_} + hex, or {@code env-admin}: nothing that needs escaping, and no dot. */
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9_-]{1,100})\\.(\\d{1,12})\\.([A-Za-z0-9_-]{22})\\.([0-9a-f]{64})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Signer signer;
    private final Tokens tokens;
    private final Clock clock;
    private final Duration length;

    Sessions(String base64Secret, Tokens tokens, Clock clock, Duration length) {
        this.signer = new Signer(base64Secret);
        this.tokens = tokens;
        this.clock = clock;
        this.length = length;
    }

    /** Signs {@code caller} in: sets the session cookie on the answer. */
    void signIn(Context ctx, Caller caller) {
        Instant expires = clock.instant().plus(length);
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String payload = caller.tokenId() + "." + expires.getEpochSecond() + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        setCookie(ctx, COOKIE, payload + "." + mac("session\n" + payload), length.toSeconds(), "/");
    }

    /** How long a sign-in lasts, for people: "8 hours". */
    String lengthText() {
        long minutes = length.toMinutes();
        if (minutes % 60 == 0) return minutes / 60 + (minutes == 60 ? " hour" : " hours");
        return minutes + " minutes";
    }

    /** Ends the sign-in in this browser: the cookie is cleared. */
    static void signOut(Context ctx) {
        setCookie(ctx, COOKIE, "", 0, "/");
    }

    /** The request's session, if it carries a valid, unexpired cookie whose token is still active. */
    Optional<Session> of(Context ctx) {
        String value = cookie(ctx, COOKIE);
        if (value == null) return Optional.empty();
        Matcher m = VALUE.matcher(value);
        if (!m.matches()) return Optional.empty();
        String payload = m.group(1) + "." + m.group(2) + "." + m.group(3);
        if (!constantTimeEquals(mac("session\n" + payload), m.group(4))) return Optional.empty();
        Instant expires = Instant.ofEpochSecond(Long.parseLong(m.group(2)));
        if (!clock.instant().isBefore(expires)) return Optional.empty();
        return tokens.callerById(m.group(1)).map(caller -> new Session(caller, mac("csrf\n" + m.group(3)), expires));
    }

    /** The value of the named cookie on the request, or null. */
    static String cookie(Context ctx, String name) {
        Cookie[] cookies = ctx.req().getCookies();
        if (cookies == null) return null;
        for (Cookie c : cookies) if (c.getName().equals(name)) return c.getValue();
        return null;
    }

    /**
     * Adds a Set-Cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure when the
     * request came over HTTPS (directly or through a proxy that says so).
     */
    static void setCookie(Context ctx, String name, String value, long maxAgeSeconds, String path) {
        boolean https = ctx.req().isSecure() || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds
                + "; HttpOnly; SameSite=Strict" + (https ? "; Secure" : ""));
    }

    static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private String mac(String text) {
        return signer.sign(text);
    }
}
