package io.jobvault.server.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * HTML escaping, the one way every page writes a value: everything that comes from a job (type, queue, payload,
 * labels, errors, artifact names) or a request is untrusted and goes through {@link #esc} before it reaches a page, in
 * text and in attribute values alike (both are always double-quoted).
 */
final class Html {
    private Html() {}

    /** The text with {@code & < > " '} escaped, safe in element text and in a double-quoted attribute; null is empty. */
    static String esc(Object value) {
        if (value == null) return "";
        String s = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep == null && out == null) continue;
            if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
            if (rep != null) out.append(rep);
            else out.append(c);
        }
        return out == null ? s : out.toString();
    }

    /** A query-string component (then escaped for the attribute it sits in by the caller, via {@link #esc}). */
    static String query(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
