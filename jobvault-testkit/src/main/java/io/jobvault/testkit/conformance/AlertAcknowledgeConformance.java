package io.jobvault.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.alert.Alert;
import io.jobvault.alert.Severity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An open alert acknowledged keeps who and when, stays open, and is acknowledged once; resolved or unknown ones are not. */
public abstract class AlertAcknowledgeConformance extends StoreConformance {

    @Test
    void anOpenAlertIsAcknowledgedOnceAndStaysOpen() {
        Alert raised = open("disk.low:n1");
        assertThat(raised.acknowledged()).isFalse();

        Alert acked = store.alertAcknowledge(raised.id(), "token:ops", now()).orElseThrow();
        assertThat(acked.open()).isTrue();
        assertThat(acked.acknowledgedBy()).isEqualTo("token:ops");
        assertThat(acked.acknowledgedAt()).isEqualTo(now());

        Alert again = store.alertAcknowledge(raised.id(), "token:other", now().plus(Duration.ofMinutes(1))).orElseThrow();
        assertThat(again.acknowledgedBy()).as("the first acknowledgement stays").isEqualTo("token:ops");
        assertThat(again.acknowledgedAt()).isEqualTo(now());

        assertThat(store.alertsOpen()).singleElement().satisfies(a -> {
            assertThat(a.acknowledgedBy()).isEqualTo("token:ops");
            assertThat(a.acknowledgedAt()).isEqualTo(now());
        });
        assertThat(store.alertsSince(now(), 10)).extracting(Alert::acknowledgedBy).containsExactly("token:ops");
    }

    @Test
    void aResolvedAlertIsLeftAsItIsAndAnUnknownOneIsNotFound() {
        Alert raised = open("disk.low:n2");
        assertThat(store.alertResolve(raised.id(), now())).isPresent();

        Alert resolved = store.alertAcknowledge(raised.id(), "token:ops", now()).orElseThrow();
        assertThat(resolved.open()).isFalse();
        assertThat(resolved.acknowledged()).as("a resolved alert is not acknowledged").isFalse();

        assertThat(store.alertAcknowledge(raised.id() + 1000, "token:ops", now())).isEmpty();
    }

    private Alert open(String key) {
        return store.alertOpen(new Alert(0, key, "test.rule", Severity.WARNING, "title", "message", "hint", Map.of(),
                now(), null)).orElseThrow();
    }
}
