package io.jobvault.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: raw bytes in the request line, bodies cut
 * short of their Content-Length, broken chunked encodings. One connection per request ({@code Connection: close}),
 * so the answer ends where the stream does.
 */
final class RawHttp {
    private static final int TIMEOUT_MS = 20_000;

    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;

    RawHttp(int port) {
        this.port = port;
    }

    /**
     * Sends {@code head} (the request line and headers, without the blank line), then {@code body} as given — no
     * Content-Length is added, so the caller frames it (or misframes it) — and reads the answer.
     *
     * @param halfClose close the sending side after the body, so a server waiting for more bytes sees the end
     */
    Response send(byte[] head, byte[] body, boolean halfClose) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head);
                out.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (halfClose) s.shutdownOutput();
            } catch (IOException e) {
                // the server answered early (413, 431) and closed while the rest was on its way: read that answer
            }
            return parse(readAll(s.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer from the server", e);
        }
    }

    /** A request with a well-framed body (Content-Length set), headers given as name, value pairs. */
    Response request(String method, String target, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        if (body.length > 0 || method.equals("POST") || method.equals("PUT")) head.append("Content-Length: ").append(body.length).append("\r\n");
        return send(head.toString().getBytes(StandardCharsets.ISO_8859_1), body, false);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        try {
            for (int n; (n = in.read(chunk)) > 0; ) buf.write(chunk, 0, n);
        } catch (java.net.SocketException e) {
            // a reset after the server answered and closed: what was read is the answer
            if (buf.size() == 0) throw e;
        }
        return buf.toByteArray();
    }

    private static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) throw new IllegalStateException("not an HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = dechunk(body);
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int eol = indexOf(body, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
            if (eol < 0) break;
            String sizeText = new String(body, at, eol - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) break;
            out.write(body, eol + 2, Math.min(size, body.length - eol - 2));
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
