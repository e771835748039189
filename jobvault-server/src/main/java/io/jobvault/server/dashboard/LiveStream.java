package io.jobvault.server.dashboard;

import static io.jobvault.server.dashboard.Html.esc;

import io.javalin.http.Context;
import io.jobvault.server.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live parts of pages, over server-sent events: a page wraps a part in {@link #region}, and dashboard.js listens to
 * the region's stream while the tab is visible (a hidden tab closes it), putting each {@code update} event's HTML in
 * place. The server renders the region every {@link #PERIOD} and sends it only when it changed; the pages read through
 * their 3-second node caches, so many open tabs cost the store what one does. Each stream is one request on a virtual
 * thread; it ends after {@link #MAX_STREAM} (the browser reconnects), when its session ends, or when its region says it
 * will not change again.
 */
final class LiveStream {
    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    static final Duration PERIOD = Duration.ofSeconds(3);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final Duration MAX_STREAM = Duration.ofMinutes(30);

    /** A region's content now, escaped HTML; {@code last}: it will not change again, so the stream ends after it. */
    record Region(String html, boolean last) {
        static Region of(String html) {
            return new Region(html, false);
        }
    }

    /** Renders a region for a session; the request is the stream's (its path and query name the region). */
    @FunctionalInterface
    interface View {
        Region render(Context ctx, Session session) throws Exception;
    }

    private LiveStream() {}

    /** The region as a page writes it: its content now, and the stream its updates come from. */
    static String region(String id, String streamPath, Region content) {
        return "<div id=\"" + id + "\" class=\"live\" data-live=\"" + esc(streamPath) + "\"" + (content.last() ? " data-live-end" : "")
                + ">" + content.html() + "</div>";
    }

    /**
     * Streams {@code view} to the browser until one of the ends above. {@code session} re-reads the request's session
     * (a revoked token ends the stream with a {@code signed-out} event; the page then goes to the sign-in page).
     */
    static void serve(Context ctx, Supplier<Optional<Session>> session, View view) throws Exception {
        Session first = session.get().orElseThrow(() -> Problem.of(401, "unauthorized", "Unauthorized",
                "live updates need a signed-in session", "sign in at /login").exception());
        Region region = view.render(ctx, first); // a problem here (no such operation, say) answers as usual
        ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-cache").header("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        long start = System.nanoTime();
        long lastWrite = start;
        String sent = null;
        try {
            write(out, "retry: 5000\n\n");
            while (true) {
                if (!region.html().equals(sent)) {
                    write(out, event("update", region.html()));
                    sent = region.html();
                    lastWrite = System.nanoTime();
                }
                if (region.last()) {
                    write(out, "event: end\ndata: \n\n");
                    break;
                }
                if (System.nanoTime() - start > MAX_STREAM.toNanos()) break;
                if (System.nanoTime() - lastWrite > KEEP_ALIVE.toNanos()) {
                    write(out, ": keep-alive\n\n"); // also how a closed tab is noticed: the write fails
                    lastWrite = System.nanoTime();
                }
                LockSupport.parkNanos(PERIOD.toNanos());
                if (Thread.interrupted()) break;
                Optional<Session> now = session.get();
                if (now.isEmpty()) {
                    write(out, "event: signed-out\ndata: \n\n");
                    break;
                }
                region = view.render(ctx, now.get());
            }
        } catch (IOException e) {
            return; // the tab went away
        } catch (RuntimeException e) {
            log.debug("live stream {} ended: {}", ctx.path(), e.toString()); // the browser reconnects in 5 s
        }
        try {
            out.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    /** An SSE event whose data is {@code html}, one {@code data:} line per line of it. */
    static String event(String name, String html) {
        StringBuilder e = new StringBuilder(html.length() + 64).append("event: ").append(name).append('\n');
        for (String line : html.split("\r\n|\r|\n", -1)) e.append("data: ").append(line).append('\n');
        return e.append('\n').toString();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
