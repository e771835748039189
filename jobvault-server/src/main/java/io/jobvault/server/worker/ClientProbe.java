package io.jobvault.server.worker;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;

/**
 * Tells whether the client of a request is still there. Over HTTP/1 Jetty reads a connection only when the
 * application asks for request content, so a client that went away while its long poll waited goes unnoticed until
 * the answer is written — and a write to a socket the peer closed still succeeds once. The probe reads the
 * connection without blocking: end of stream or a reset means the client is gone. Jetty's failure listener covers
 * what it notices itself (an idle timeout, a stream reset over HTTP/2).
 *
 * <p>Call it only after the request body was read to its end, and from the thread handling the request.
 */
public final class ClientProbe {
    private final Context ctx;
    private final EndPoint endPoint; // null where the connection is not this request's alone (HTTP/2)
    private volatile boolean failed;
    private boolean probing;

    private ClientProbe(Context ctx, EndPoint endPoint) {
        this.ctx = ctx;
        this.endPoint = endPoint;
        this.probing = endPoint != null;
    }

    public static ClientProbe of(Context ctx) {
        Request request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) return new ClientProbe(ctx, null);
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        boolean ownConnection = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
        ClientProbe probe = new ClientProbe(ctx, ownConnection ? request.getConnectionMetaData().getConnection().getEndPoint() : null);
        request.addFailureListener(failure -> probe.failed = true);
        return probe;
    }

    /** True when the client has certainly gone: it closed or reset the connection, or Jetty failed the request. */
    public boolean gone() {
        if (failed) return true;
        if (!probing) return false;
        if (!endPoint.isOpen() || endPoint.isInputShutdown()) return true;
        ByteBuffer one = BufferUtil.allocate(1);
        try {
            int read = endPoint.fill(one);
            if (read < 0) return true;
            if (read > 0) {
                // a client that sends its next request before this answer (pipelining) is alive; the byte cannot be
                // given back to the parser, so the connection ends after this answer instead of misreading the next
                probing = false;
                ctx.header(HttpHeader.CONNECTION.asString(), "close");
            }
            return false;
        } catch (IOException e) {
            return true; // reset by the peer
        }
    }
}
