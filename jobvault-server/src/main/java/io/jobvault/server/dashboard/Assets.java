package io.jobvault.server.dashboard;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's static files, all from the jar (nothing from a CDN, so the dashboard works offline): its own small
 * stylesheet and script, htmx and uPlot (the Overview's charts) from their WebJars. Read once at start; a missing one fails the start.
 */
final class Assets {
    /** Keep in step with the htmx.org WebJar's version in jobvault-server's pom. */
    static final String HTMX_VERSION = "2.0.4";
    static final String CSS = "/assets/dashboard.css";
    static final String SCRIPT = "/assets/dashboard.js";
    static final String HTMX = "/assets/htmx.min.js";
    /** Keep in step with the uplot WebJar's version in jobvault-server's pom. */
    static final String UPLOT_VERSION = "1.6.30";
    static final String UPLOT = "/assets/uPlot.iife.min.js";
    static final String UPLOT_CSS = "/assets/uPlot.min.css";

    private record Asset(byte[] bytes, String contentType) {}

    private final Map<String, Asset> byPath;

    Assets() {
        byPath = Map.of(
                CSS, new Asset(read("io/jobvault/server/dashboard/dashboard.css"), "text/css; charset=utf-8"),
                SCRIPT, new Asset(read("io/jobvault/server/dashboard/dashboard.js"), "text/javascript; charset=utf-8"),
                HTMX, new Asset(read("META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js"),
                        "text/javascript; charset=utf-8"),
                UPLOT, new Asset(read(uplot("uPlot.iife.min.js")), "text/javascript; charset=utf-8"),
                UPLOT_CSS, new Asset(read(uplot("uPlot.min.css")), "text/css; charset=utf-8"));
    }

    void serve(Context ctx) {
        Asset a = byPath.get(ctx.path());
        if (a == null) {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("no such asset");
            return;
        }
        ctx.contentType(a.contentType()).header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff").result(a.bytes());
    }

    private static String uplot(String file) {
        return "META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/" + file;
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("dashboard asset missing from the classpath: " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
