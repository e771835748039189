package io.jobvault.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.jobvault.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way endpoints read a request body. The bytes are read in full first: a body cut short (fewer bytes than
 * its Content-Length, a broken chunked encoding, a client gone mid-body) is the client's 400, logged at debug
 * without a stack trace. JSON is UTF-8 (RFC 8259): a {@code charset} other than UTF-8 — or a malformed one — is a
 * 415, never a failed charset lookup. JSON is parsed from the bytes, so invalid UTF-8 and nesting past Jackson's
 * depth limit are a 400 like any malformed JSON.
 */
final class RequestBodies {
    private static final Logger log = LoggerFactory.getLogger(RequestBodies.class);
    private static final String READ = "jobvault.body";
    private static final String HINT = "send a JSON object with Content-Type: application/json";

    private RequestBodies() {}

    /** The body's bytes (empty when none), read once per request. */
    static byte[] bytes(Context ctx) {
        byte[] cached = ctx.attribute(READ);
        if (cached != null) return cached;
        byte[] body;
        try {
            body = ctx.bodyAsBytes();
        } catch (HttpResponseException e) {
            throw e; // 413 from the size limit: rendered as such
        } catch (Exception e) { // Javalin (Kotlin) lets Jetty's checked EofException through undeclared
            log.debug("{} {}: the request body could not be read: {}", ctx.method(), ctx.path(), e.toString());
            throw Problem.of(400, "body-incomplete", "Request body incomplete", "the request body ended before"
                    + " its declared length, or its chunked encoding is broken", "send the whole body, with a"
                    + " Content-Length that matches it or a valid chunked encoding").exception();
        }
        ctx.attribute(READ, body);
        return body;
    }

    /** The body as a JSON object; an empty body is a 400. */
    static ObjectNode object(Context ctx) {
        byte[] body = jsonBytes(ctx);
        if (body.length == 0) throw malformed("the body is empty; it must be a JSON object");
        return parse(body);
    }

    /** The body as a JSON object; an empty body counts as {@code {}}. */
    static ObjectNode objectOrEmpty(Context ctx) {
        byte[] body = jsonBytes(ctx);
        return isBlank(body) ? Json.MAPPER.createObjectNode() : parse(body);
    }

    /** The body as text, for the audit log: decoded as UTF-8 (invalid bytes replaced). */
    static String text(Context ctx) {
        return new String(bytes(ctx), StandardCharsets.UTF_8);
    }

    private static byte[] jsonBytes(Context ctx) {
        String charset = charset(ctx.header("Content-Type"));
        if (charset != null && !charset.equals("utf-8") && !charset.equals("utf8")) {
            throw Problem.of(415, "unsupported-charset", "Unsupported charset", "JSON bodies must be UTF-8; the"
                    + " Content-Type names charset " + ApiIds.abbreviate(charset.isEmpty() ? "(empty)" : charset),
                    "send Content-Type: application/json (UTF-8 is implied) or application/json; charset=utf-8").exception();
        }
        return bytes(ctx);
    }

    /** The charset parameter of a Content-Type, unquoted and lower-cased; null when there is none. */
    static String charset(String contentType) {
        if (contentType == null) return null;
        for (String param : contentType.split(";")) {
            String p = param.trim();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).trim().equalsIgnoreCase("charset")) continue;
            String value = p.substring(eq + 1).trim();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
            return value.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    private static ObjectNode parse(byte[] body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed("the body is not valid JSON: " + ApiIds.abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            throw malformed("the body is not valid JSON");
        }
        if (!(node instanceof ObjectNode object)) throw malformed("the body must be a JSON object");
        return object;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        }
        return true;
    }

    private static ProblemException malformed(String detail) {
        return Problem.of(400, "malformed-json", "Malformed JSON", detail, HINT).exception();
    }
}
