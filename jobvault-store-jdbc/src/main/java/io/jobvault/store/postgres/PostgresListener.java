package io.jobvault.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LISTENs on a dedicated connection (outside the pool: a pooled connection would lose the subscription) and passes
 * each notification's queue on. Reconnects by itself after a failure; the engine's poll covers the gap.
 */
final class PostgresListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);

    private final PostgresSessions sessions;
    private final String channel;
    private final io.jobvault.store.StoreEvents events;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    PostgresListener(PostgresSessions sessions, String channel, io.jobvault.store.StoreEvents events) {
        this.sessions = sessions;
        this.channel = channel;
        this.events = events;
        this.thread = Thread.ofPlatform().name("jobvault-listen").daemon().start(this::run);
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            Connection c = null;
            try {
                c = sessions.open();
                connection = c;
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN \"" + channel.replace("\"", "") + "\"");
                }
                backoff = Duration.ofSeconds(1);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] ns = pg.getNotifications(500);
                    if (ns == null) continue;
                    for (PGNotification n : ns) dispatch(n.getParameter());
                }
            } catch (SQLException | RuntimeException e) {
                sessions.end(c);
                if (closed) return;
                log.warn("LISTEN connection failed; reconnecting in {} s (polling covers the gap): {}", backoff.toSeconds(), e.toString());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
        }
    }

    /** Payloads: {@code available:QUEUE} or {@code cancel:JOB-ID}; anything else is ignored. */
    private void dispatch(String payload) {
        try {
            if (payload.startsWith("available:")) events.available(payload.substring("available:".length()));
            else if (payload.startsWith("cancel:")) events.cancelRequested(java.util.UUID.fromString(payload.substring("cancel:".length())));
        } catch (RuntimeException e) {
            log.warn("ignoring notification '{}': {}", payload, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sessions.end(c);
    }
}
