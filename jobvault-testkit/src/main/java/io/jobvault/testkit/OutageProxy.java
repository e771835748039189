package io.jobvault.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a loopback port to a real server (PostgreSQL, an SMTP server…) that makes the server unreachable
 * for whoever connects through it, and only for them: {@link #cut()} resets every open connection and every new one,
 * {@link #restore()} forwards again. An outage test points the component under test at {@link #port()} and leaves the
 * shared server itself alone.
 */
public final class OutageProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private OutageProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("outage-proxy-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** A proxy to {@code host:port}, accepting on a free loopback port. */
    public static OutageProxy to(String host, int port) {
        try {
            return new OutageProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The loopback port to connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    /** From now on the target is unreachable: open connections are reset, new ones are accepted and reset at once. */
    public void cut() {
        cut = true;
        for (Socket s : open) reset(s);
    }

    /** Connections are forwarded again. */
    public void restore() {
        cut = false;
    }

    /** Connections forwarded now (each counts its two sides once). */
    public int openConnections() {
        return open.size() / 2;
    }

    @Override
    public void close() {
        cut = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing: nothing is left to serve
        }
        for (Socket s : open) reset(s);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                reset(client);
                continue;
            }
            Thread.ofVirtual().start(() -> forward(client));
        }
    }

    private void forward(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(target, 3_000);
        } catch (IOException e) {
            reset(client);
            reset(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (cut) { // cut while connecting: this one goes too
            reset(client);
            reset(upstream);
            return;
        }
        Thread.ofVirtual().start(() -> pump(client, upstream));
        pump(upstream, client);
    }

    /** Copies until either side ends, then ends both. */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side went away: both go
        } finally {
            reset(from);
            reset(to);
        }
    }

    /** Closes with an RST rather than a FIN, as a dropped server or network does. */
    private void reset(Socket s) {
        open.remove(s);
        try {
            if (!s.isClosed()) s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
