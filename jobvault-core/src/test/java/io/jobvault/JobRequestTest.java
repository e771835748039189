package io.jobvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobRequestTest {
    @Test
    void defaultsAreFilledIn() {
        JobRequest r = JobRequest.of("report.pdf", "{\"id\":1}");
        assertThat(r.queue()).isEqualTo("default");
        assertThat(r.priority()).isZero();
        assertThat(r.tenant()).isEmpty();
        assertThat(r.labels()).isEmpty();
        assertThat(r.maxAttempts()).isNull();
    }

    @Test
    void everyBadFieldIsNamed() {
        assertThatThrownBy(() -> JobRequest.builder("").payload("[1,").priority(5000).runAt(Instant.EPOCH)
                .delay(Duration.ofSeconds(1)).timeout(Duration.ZERO).idempotencyKey("").label("k", "x".repeat(300)).build())
                .isInstanceOfSatisfying(InvalidJobRequestException.class, e -> assertThat(e.problems()).hasSize(7)
                        .anyMatch(p -> p.startsWith("type:"))
                        .anyMatch(p -> p.startsWith("payload:"))
                        .anyMatch(p -> p.startsWith("priority:"))
                        .anyMatch(p -> p.startsWith("runAt/delay:"))
                        .anyMatch(p -> p.startsWith("timeout:"))
                        .anyMatch(p -> p.startsWith("idempotencyKey:"))
                        .anyMatch(p -> p.startsWith("labels.k:")));
    }

    @Test
    void theConstructorValidatesAsTheBuilderDoes() {
        assertThatThrownBy(() -> new JobRequest("report.pdf", "{", "Bad Queue", 0, null, null, 0, null, null, null, null,
                null, null, null, 3))
                .isInstanceOfSatisfying(InvalidJobRequestException.class, e -> assertThat(e.problems())
                        .containsExactly("payload: must be valid JSON",
                                "queue: must match [a-z0-9][a-z0-9._-]{0,63}, was \"Bad Queue\"",
                                "maxAttempts: must be within 1..1000, was 0",
                                "concurrencyLimit: needs a concurrencyKey to limit"));
        JobRequest plain = new JobRequest("t", "{}", "default", 0, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(plain.tenant()).isEmpty();
        assertThat(plain.labels()).isEmpty();
    }

    @Test
    void payloadMustBeOneJsonValue() {
        assertThat(JobRequest.builder("t").payload("\"text\"").build().payload()).isEqualTo("\"text\"");
        assertThatThrownBy(() -> JobRequest.builder("t").payload("{} {}").build()).hasMessageContaining("payload");
        assertThatThrownBy(() -> JobRequest.builder("t").payload("").build()).hasMessageContaining("payload");
    }
}
