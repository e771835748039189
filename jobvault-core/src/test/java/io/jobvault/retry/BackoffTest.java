package io.jobvault.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff noJitter = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1), 0);

    @Test
    void doublesFromTheBaseUpToTheCap() {
        assertThat(noJitter.delay(1, () -> 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(2, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.delay(6, () -> 0.5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(noJitter.delay(7, () -> 0.5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(noJitter.delay(1000, () -> 0.5)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void jitterShortensByAtMostItsFraction() {
        Backoff b = noJitter.withJitter(0.2);
        assertThat(b.delay(3, () -> 0.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.delay(3, () -> 0.999999)).isBetween(Duration.ofMillis(3200), Duration.ofMillis(3201));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 0)).hasMessageContaining("base");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0)).hasMessageContaining("cap");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0)).hasMessageContaining("jitter");
        assertThatThrownBy(() -> noJitter.delay(0, () -> 0)).hasMessageContaining("attempt");
    }
}
