package io.jobvault.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A sink that fails is tried again on later ticks, and given up after {@link Sinks#MAX_TRIES}; the others are not held up. */
class SinksTest {
    private static final Alert ALERT = new Alert(1, "store.unreachable:n1", "store.unreachable", Severity.CRITICAL, "title",
            "message", "hint", Map.of(), Instant.parse("2030-01-01T00:00:00Z"), null);

    /** Records what it takes; throws while {@code failures} is above zero, counting down. */
    private static final class Flaky implements AlertSink {
        final List<Alert> taken = new ArrayList<>();
        int failures;

        Flaky(int failures) {
            this.failures = failures;
        }

        @Override
        public void deliver(Alert alert) {
            if (failures-- > 0) throw new IllegalStateException("store away");
            taken.add(alert);
        }
    }

    @Test
    void aFailedDeliveryIsTriedAgainOnTheNextTicksOnlyForTheSinkThatFailed() {
        Flaky steady = new Flaky(0);
        Flaky flaky = new Flaky(2);
        Sinks sinks = new Sinks(List.of(steady, flaky));

        sinks.deliver(ALERT);
        assertThat(steady.taken).containsExactly(ALERT);
        assertThat(flaky.taken).isEmpty();
        assertThat(sinks.failedCount()).isEqualTo(1);

        sinks.retryFailed(); // second failure
        assertThat(flaky.taken).isEmpty();
        sinks.retryFailed();
        assertThat(flaky.taken).containsExactly(ALERT);
        assertThat(steady.taken).containsExactly(ALERT); // not sent twice
        assertThat(sinks.failedCount()).isZero();
    }

    @Test
    void aSinkThatNeverTakesItIsGivenUpAfterTheLastTry() {
        Flaky broken = new Flaky(Integer.MAX_VALUE);
        Sinks sinks = new Sinks(List.of(broken));

        sinks.deliver(ALERT);
        for (int i = 1; i < Sinks.MAX_TRIES - 1; i++) sinks.retryFailed();
        assertThat(sinks.failedCount()).isEqualTo(1);
        sinks.retryFailed(); // the last try
        assertThat(sinks.failedCount()).isZero();
        assertThat(broken.failures).isEqualTo(Integer.MAX_VALUE - Sinks.MAX_TRIES);
    }

    @Test
    void failedDeliveriesAreBounded() {
        Flaky broken = new Flaky(Integer.MAX_VALUE);
        Sinks sinks = new Sinks(List.of(broken));
        for (int i = 0; i < Sinks.MAX_FAILED + 5; i++) sinks.deliver(ALERT);
        assertThat(sinks.failedCount()).isEqualTo(Sinks.MAX_FAILED);
    }
}
