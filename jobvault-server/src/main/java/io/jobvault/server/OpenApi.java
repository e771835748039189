package io.jobvault.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the OpenAPI 3.1 document (docs/openapi.json, packaged into the jar). */
final class OpenApi {
    static final String RESOURCE = "/io/jobvault/server/openapi.json";
    private static final byte[] DOCUMENT = load();

    private OpenApi() {}

    static void serve(Context ctx) {
        ctx.contentType("application/json").result(DOCUMENT);
    }

    private static byte[] load() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("OpenAPI document missing from the jar: " + RESOURCE);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
