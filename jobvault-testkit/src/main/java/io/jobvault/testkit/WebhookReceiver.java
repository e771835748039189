package io.jobvault.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.jobvault.alert.Webhooks;
import io.jobvault.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP receiver of Jobvault webhooks on a loopback port: keeps the deliveries whose signature verifies under
 * {@link #SECRET} (and the bodies of the others).
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final String SECRET = "webhook-test-secret-0123456789";

    public final List<JsonNode> verified = new CopyOnWriteArrayList<>();
    public final List<String> rejected = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String ts = exchange.getRequestHeaders().getFirst("Jobvault-Timestamp");
            String sig = exchange.getRequestHeaders().getFirst("Jobvault-Signature");
            if (ts != null && ("sha256=" + Webhooks.sign(SECRET, ts, body)).equals(sig)) verified.add(Json.MAPPER.readTree(body));
            else rejected.add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    /** Verified alert deliveries of {@code key} with {@code status} (raised or resolved). */
    public long count(String key, String status) {
        return verified.stream().filter(a -> a.path("key").asText().equals(key) && a.path("status").asText().equals(status)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
