package io.jobvault.server;

import io.jobvault.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty answers some requests before Javalin sees them (a URI or headers too long, an unparseable request line).
 * This makes those answers problem+json too, instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {

    /**
     * Jetty writes an error body only for GET, POST and HEAD by default ({@link ErrorHandler#ERROR_METHODS}), so its
     * early 400s for PUT and DELETE went out empty. Every method gets the problem.
     */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        // Jetty may drop the connection after requests it refused this early: announce it, so clients do not reuse it.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        // Jetty closes the connection after a message it could not parse: say so, or clients pool a dead connection.
        fields.put(HttpHeader.CONNECTION, "close");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String reason) {
        String title = reason == null || reason.isBlank() ? "HTTP " + status : reason;
        Problem p = Problem.of(status, "http-" + status, title, "the request was rejected before it reached the API: " + title,
                status == 414 || status == 431 ? "keep URIs and headers under 8 KiB" : "check the request against docs/http-api.md");
        return Json.write(p).getBytes(StandardCharsets.UTF_8);
    }
}
