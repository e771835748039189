package io.jobvault.server.browser;

import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-origin access for browsers (CORS), for the exact origins an operator lists. By default only the reads a page
 * following a job needs are exposed: {@code GET /v1/jobs/{id}}, its events and its artifacts; everything else stays
 * same-origin unless the operator opens all of {@code /v1}. Credentials are bearer tokens, never cookies, so no
 * {@code Access-Control-Allow-Credentials}; an origin not listed gets no CORS headers at all.
 */
public final class Cors {
    /** The routes a browser following one job needs. */
    private static final Pattern BROWSER_READS = Pattern.compile("/v1/jobs/[0-9a-fA-F-]{36}(?:/events|/artifacts/[^/]+)?");
    private static final String EXPOSED = "ETag, Content-Disposition, Content-Length, Content-Range, Location, Retry-After, WWW-Authenticate";

    private final Set<String> origins;
    private final boolean allEndpoints;

    /** @param origins exact origins ({@code https://app.example.com}), checked with {@link #checkOrigins} */
    public Cors(Collection<String> origins, boolean allEndpoints) {
        this.origins = checkOrigins(origins);
        this.allEndpoints = allEndpoints;
    }

    /**
     * The origins, each exactly {@code scheme://host[:port]}; an IllegalArgumentException naming the first that is not
     * (a wildcard included: read tokens are credentials, and any site could use them).
     */
    public static Set<String> checkOrigins(Collection<String> origins) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : origins) {
            String o = raw == null ? "" : raw.strip();
            if (o.isEmpty()) continue;
            if (o.contains("*")) {
                throw new IllegalArgumentException("--cors-origin " + o + ": wildcards are not allowed; list each origin exactly,"
                        + " e.g. https://app.example.com (any site could otherwise use the tokens its pages hold)");
            }
            if (!isOrigin(o)) {
                throw new IllegalArgumentException("--cors-origin " + o + ": not an origin; give scheme://host[:port] without"
                        + " a path or trailing slash, e.g. https://app.example.com or http://localhost:5173");
            }
            out.add(o);
        }
        return Set.copyOf(out);
    }

    private static boolean isOrigin(String o) {
        try {
            URI u = new URI(o);
            String scheme = u.getScheme() == null ? "" : u.getScheme();
            if (!scheme.equals("http") && !scheme.equals("https")) return false;
            if (u.getHost() == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null) return false;
            if (u.getRawPath() != null && !u.getRawPath().isEmpty()) return false;
            // browsers send the serialised origin: lower-case, no default port spelled out
            String canonical = scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() == -1 ? "" : ":" + u.getPort());
            return canonical.equals(o);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public boolean enabled() {
        return !origins.isEmpty();
    }

    /** Before-handler for {@code /v1/*}: marks the answer as varying by Origin and allows a listed one. */
    public void headers(Context ctx) {
        if (!exposed(ctx.path())) return;
        ctx.res().addHeader("Vary", "Origin"); // caches must not serve one origin's answer to another
        String origin = ctx.header("Origin");
        if (origin != null && origins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin).header("Access-Control-Expose-Headers", EXPOSED);
        }
    }

    /** {@code OPTIONS /v1/*}: a preflight from a listed origin for an exposed route is allowed; others get no CORS headers. */
    public void preflight(Context ctx) {
        ctx.status(204);
        String origin = ctx.header("Origin");
        String method = ctx.header("Access-Control-Request-Method");
        if (origin == null || !origins.contains(origin) || !exposed(ctx.path()) || method == null || !methods().contains(method)) return;
        ctx.header("Access-Control-Allow-Methods", methods())
                .header("Access-Control-Allow-Headers", allEndpoints
                        ? "Authorization, Content-Type, Idempotency-Key, Last-Event-ID, Range, If-None-Match"
                        : "Authorization, Last-Event-ID, Range, If-None-Match")
                .header("Access-Control-Max-Age", "600");
    }

    private String methods() {
        return allEndpoints ? "GET, HEAD, POST, PUT, DELETE" : "GET, HEAD";
    }

    private boolean exposed(String path) {
        return enabled() && (allEndpoints ? path.startsWith("/v1/") : BROWSER_READS.matcher(path).matches());
    }
}
