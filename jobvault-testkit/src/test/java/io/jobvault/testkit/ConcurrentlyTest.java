package io.jobvault.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrentlyTest {
    @Test
    void everyThreadRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        Concurrently.run(4, Duration.ofSeconds(10), i -> ran.incrementAndGet());
        assertThat(ran).hasValue(4);
    }

    @Test
    void aThreadThatThrowsFailsTheCaller() {
        AtomicInteger finished = new AtomicInteger();
        assertThatThrownBy(() -> Concurrently.run(4, Duration.ofSeconds(10), i -> {
            if (i == 2) throw new IllegalStateException("thread 2 broke");
            finished.incrementAndGet();
        })).isInstanceOf(AssertionError.class).hasMessageContaining("1 of 4 threads failed")
                .hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("thread 2 broke");
        assertThat(finished).as("the others ran to their end").hasValue(3);
    }

    @Test
    void aThreadStillRunningAtTheDeadlineFailsTheCaller() {
        CountDownLatch never = new CountDownLatch(1);
        assertThatThrownBy(() -> Concurrently.run(2, Duration.ofMillis(200), i -> {
            if (i == 1) never.await();
        })).isInstanceOf(AssertionError.class).hasMessageContaining("thread 1 had not finished");
    }
}
