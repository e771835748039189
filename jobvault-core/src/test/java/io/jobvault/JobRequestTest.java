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
    void onlyTheBuilderMakesRequestsSoNoneSkipsValidationAndAddingAFieldBreaksNoCaller() {
        assertThat(JobRequest.class.getConstructors()).isEmpty();
        assertThat(JobRequest.class.isRecord()).isFalse();
    }

    @Test
    void requestsWithTheSameFieldsAreEqualAndTheirTextLeavesThePayloadOut() {
        JobRequest a = JobRequest.builder("report.pdf").payload("{\"token\":\"s3cret\"}").label("k", "v").build();
        JobRequest b = JobRequest.builder("report.pdf").payload("{\"token\":\"s3cret\"}").label("k", "v").build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(JobRequest.builder("report.pdf").build());
        assertThat(a.toString()).contains("type=report.pdf").contains("payload=18 chars").doesNotContain("s3cret");
    }

    @Test
    void payloadMustBeOneJsonValue() {
        assertThat(JobRequest.builder("t").payload("\"text\"").build().payload()).isEqualTo("\"text\"");
        assertThatThrownBy(() -> JobRequest.builder("t").payload("{} {}").build()).hasMessageContaining("payload");
        assertThatThrownBy(() -> JobRequest.builder("t").payload("").build()).hasMessageContaining("payload");
    }
}
