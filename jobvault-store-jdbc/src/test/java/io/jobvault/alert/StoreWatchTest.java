package io.jobvault.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobvault.store.JobStore;
import io.jobvault.store.StoreException;
import io.jobvault.store.sqlite.SqliteJobStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store watch on a real SQLite store, seen through a switch that makes chosen store calls fail as an unreachable
 * store does: the outage reaches the sinks while it lasts, is recorded once the store answers, even when the store
 * fails half-way through recording it, and a sink that cannot take its resolution at first gets it on a later tick.
 */
class StoreWatchTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private SqliteJobStore real;
    private JobStore store;
    /** Store methods that fail on their next calls (a method named twice fails twice). */
    private final List<String> failing = new ArrayList<>();
    private boolean down;

    @BeforeEach
    void open() {
        real = SqliteJobStore.open(dir.resolve("jobvault.db"));
        store = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (p, m, args) -> {
            if ((down && Set.of("leaderOf", "alertOpen").contains(m.getName())) || failing.remove(m.getName())) {
                throw new StoreException("store unreachable (test): " + m.getName(), null);
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @AfterEach
    void close() {
        real.close();
    }

    private static final class Recording implements AlertSink {
        final List<Alert> taken = new ArrayList<>();
        int failures;

        @Override
        public void deliver(Alert alert) {
            if (failures-- > 0) throw new StoreException("submit failed (test)", null);
            taken.add(alert);
        }
    }

    @Test
    void anOutageIsRaisedToTheSinksWhileItLastsAndRecordedResolvedEvenWhenTheStoreFailsHalfWay() {
        Recording sink = new Recording();
        StoreWatch watch = new StoreWatch(store, "n1", Duration.ofSeconds(8), new Sinks(List.of(sink)));
        watch.tick(T0);
        down = true;
        watch.tick(T0.plusSeconds(5));
        assertThat(sink.taken).isEmpty();
        watch.tick(T0.plusSeconds(15)); // down 10 s: past the threshold, raised to every sink at once
        assertThat(sink.taken).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("store.unreachable:n1");
            assertThat(a.open()).isTrue();
            assertThat(a.raisedAt()).isEqualTo(T0.plusSeconds(5));
        });
        watch.tick(T0.plusSeconds(20)); // still down: raised once
        assertThat(sink.taken).hasSize(1);
        sink.taken.clear();
        down = false;
        failing.add("alertResolve"); // the store fails between opening the alert and resolving it
        assertThatThrownBy(() -> watch.tick(T0.plusSeconds(25))).isInstanceOf(StoreException.class);
        assertThat(store.alertsOpen()).extracting(Alert::key).containsExactly("store.unreachable:n1");
        assertThat(sink.taken).isEmpty();

        sink.failures = 1; // and the sink's first try fails too
        watch.tick(T0.plusSeconds(30));
        assertThat(store.alertsOpen()).isEmpty();
        assertThat(sink.taken).isEmpty();
        watch.tick(T0.plusSeconds(35));
        assertThat(sink.taken).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("store.unreachable:n1");
            assertThat(a.resolvedAt()).isEqualTo(T0.plusSeconds(30));
            assertThat(a.raisedAt()).isEqualTo(T0.plusSeconds(5)); // the RAISED's raise time: the two pair up
        });
        watch.tick(T0.plusSeconds(40));
        assertThat(sink.taken).hasSize(1);
        assertThat(store.alertsSince(T0, 10)).singleElement().satisfies(a -> assertThat(a.open()).isFalse());
    }
}
