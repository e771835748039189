package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The page shell every dashboard page shares: head (assets from this server only), a skip link, the navigation, who is
 * signed in and as what, the theme toggle and sign-out. Also the response headers that keep pages from being framed,
 * cached or fed other sites' scripts.
 */
final class Layout {
    /** Scripts and styles only from this server, no inline script, no framing, forms only to this server. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    /** A navigation entry; {@code href} null: the page is not built yet (shown as coming). */
    record NavItem(String id, String label, String href) {}

    static final List<NavItem> NAV = List.of(
            new NavItem("overview", "Overview", "/"),
            new NavItem("jobs", "Jobs", "/jobs"),
            new NavItem("queues", "Queues", "/queues"),
            new NavItem("schedules", "Schedules", "/schedules"),
            new NavItem("alerts", "Alerts", "/alerts"),
            new NavItem("nodes", "Nodes", "/nodes"),
            new NavItem("health", "Health", HealthPage.PATH),
            new NavItem("audit", "Audit", "/audit"));

    private Layout() {}

    /** Writes a whole signed-in page: {@code content} is HTML already escaped by its page. */
    static void page(Context ctx, Session session, String title, String active, String content) {
        page(ctx, session, 200, title, active, content);
    }

    /** The same with another status: a page that says what went wrong (a job that does not exist, say). */
    static void page(Context ctx, Session session, int status, String title, String active, String content) {
        StringBuilder h = head(title);
        // htmx sends the CSRF token as a header on every request it makes; plain forms carry it as a field
        h.append("<body hx-headers='{\"").append(CsrfGuard.HEADER).append("\": \"").append(esc(session.csrf())).append("\"}'>\n");
        h.append("<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n");
        h.append("<a class=\"brand\" href=\"/\">Jobvault</a>\n<nav aria-label=\"Main\"><ul id=\"nav\">");
        for (NavItem item : NAV) {
            h.append("<li>");
            if (item.href() == null) {
                h.append("<span class=\"soon\" id=\"nav-").append(item.id()).append("\" aria-disabled=\"true\">")
                        .append(esc(item.label())).append(" <small>coming</small></span>");
            } else {
                h.append("<a id=\"nav-").append(item.id()).append("\" href=\"").append(item.href()).append('"')
                        .append(item.id().equals(active) ? " aria-current=\"page\"" : "").append('>')
                        .append(esc(item.label())).append("</a>");
            }
            h.append("</li>");
        }
        h.append("</ul></nav>\n<div class=\"who\">");
        h.append("<span id=\"signed-in-as\" title=\"token id\">").append(esc(session.caller().tokenId())).append("</span>");
        if (session.readOnly()) h.append(" <span class=\"badge\" id=\"read-only\">read-only</span>");
        if (session.caller().tenant() != null) {
            h.append(" <span class=\"badge\" id=\"tenant\">tenant ").append(esc(session.caller().tenant())).append("</span>");
        }
        h.append(" <button type=\"button\" id=\"theme-toggle\" aria-label=\"Toggle dark mode\">◐</button>");
        h.append(" <form method=\"post\" action=\"/logout\" class=\"inline\">").append(csrfField(session))
                .append("<button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        h.append("</div>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>").append(esc(title)).append("</h1>\n");
        h.append(content);
        h.append("\n</main>\n</body>\n</html>\n");
        send(ctx, status, h);
    }

    /** A page for someone not signed in (the sign-in page itself). */
    static void bare(Context ctx, int status, String title, String content) {
        StringBuilder h = head(title);
        h.append("<body>\n<main id=\"main\" class=\"narrow\">\n<h1>").append(esc(title)).append("</h1>\n").append(content)
                .append("\n</main>\n</body>\n</html>\n");
        send(ctx, status, h);
    }

    /** The hidden form field carrying the session's CSRF token. */
    static String csrfField(Session session) {
        return "<input type=\"hidden\" name=\"" + CsrfGuard.FIELD + "\" value=\"" + esc(session.csrf()) + "\">";
    }

    private static StringBuilder head(String title) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
                // htmx would otherwise insert an inline <style>, which the CSP refuses
                .append("<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\": false}'>\n")
                .append("<title>").append(esc(title)).append(" · Jobvault</title>\n")
                .append("<link rel=\"stylesheet\" href=\"").append(Assets.CSS).append("\">\n")
                .append("<script src=\"").append(Assets.SCRIPT).append("\"></script>\n")
                .append("<script src=\"").append(Assets.HTMX).append("\" defer></script>\n</head>\n");
        return h;
    }

    static void send(Context ctx, int status, CharSequence html) {
        ctx.status(status).contentType("text/html; charset=utf-8")
                .header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store")
                .result(html.toString().getBytes(StandardCharsets.UTF_8));
    }
}
