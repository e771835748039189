package io.jobvault.server.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cookie-keeping HTTP client over real HTTP to a server on loopback, acting as a browser would on this site: it keeps
 * the cookies servers set (and drops those cleared), follows no redirects (tests look at them), and sends this site's
 * Origin with every POST unless told otherwise.
 */
final class Browser {
    record Page(int status, String body, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        List<String> setCookies() {
            return headers.getOrDefault("set-cookie", List.of());
        }

        /** The Set-Cookie line for the named cookie, or null. */
        String setCookie(String name) {
            return setCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst().orElse(null);
        }

        /** The value of the hidden CSRF field of the first form on the page that has one. */
        String csrf() {
            Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"").matcher(body);
            if (!m.find()) throw new AssertionError("no CSRF field on the page: " + body);
            return m.group(1);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final Map<String, String> cookies = new LinkedHashMap<>();

    Browser(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A form POST from this site's own page. */
    Page post(String path, Map<String, String> form) {
        return post(path, form, base);
    }

    /** A form POST with the given Origin header (null: none). */
    Page post(String path, Map<String, String> form, String origin) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (origin != null) b.header("Origin", origin);
        return send(b);
    }

    /** Signs in with {@code token} through the sign-in page, as a person would; returns the answer to the POST. */
    Page signIn(String token) {
        Page form = get("/login");
        if (form.status() != 200) throw new AssertionError("sign-in page: " + form.status());
        return post("/login", Map.of("_csrf", form.csrf(), "token", token));
    }

    /**
     * The data of the first {@code name} event the server-sent event stream at {@code path} sends (its lines joined by
     * newlines), then closes the stream; the stream's status when it is not 200.
     */
    String firstEvent(String path, String name) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream").GET();
        StringBuilder c = new StringBuilder();
        cookies.forEach((k, v) -> c.append(c.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        if (!c.isEmpty()) b.header("Cookie", c.toString());
        try {
            HttpResponse<java.util.stream.Stream<String>> r = http.send(b.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            try (java.util.stream.Stream<String> lines = r.body()) {
                if (r.statusCode() != 200) return "status " + r.statusCode();
                String event = null;
                StringBuilder data = null;
                for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                        data = null;
                    } else if (line.startsWith("data: ") && name.equals(event)) {
                        data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                    } else if (line.isEmpty() && data != null) {
                        return data.toString();
                    }
                }
                throw new AssertionError("the stream ended without a '" + name + "' event");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Page send(HttpRequest.Builder b) {
        if (!cookies.isEmpty()) {
            StringBuilder c = new StringBuilder();
            cookies.forEach((k, v) -> c.append(c.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            b.header("Cookie", c.toString());
        }
        try {
            HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
            for (String set : headers.getOrDefault("set-cookie", List.of())) keep(set);
            return new Page(r.statusCode(), r.body(), headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Keeps a cookie as a browser would (ignoring its Path: tests visit the paths it is for). */
    private void keep(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq).strip();
        String value = pair.substring(eq + 1).strip();
        if (value.isEmpty() || setCookie.toLowerCase(Locale.ROOT).contains("max-age=0")) cookies.remove(name);
        else cookies.put(name, value);
    }
}
