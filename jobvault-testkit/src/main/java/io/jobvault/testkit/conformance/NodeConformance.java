package io.jobvault.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Node registry and leader leases: silent nodes are found; one leader per role, taken over once its lease expires. */
public abstract class NodeConformance extends StoreConformance {

    @Test
    void nodesThatStoppedHeartbeatingAreFound() {
        store.nodeHeartbeat("a", now());
        store.nodeHeartbeat("b", now());
        clock.advance(Duration.ofSeconds(30));
        store.nodeHeartbeat("b", now());
        assertThat(store.nodesSilentSince(now().minusSeconds(20))).containsExactly("a");
        store.nodeForget("a");
        assertThat(store.nodesSilentSince(now().plusSeconds(1))).containsExactly("b");
    }

    @Test
    void oneLeaderPerRoleUntilItsLeaseExpiresOrItResigns() {
        assertThat(store.leaderOf("maintenance")).isEmpty();
        assertThat(store.leaderAttemptElect("maintenance", "a", now(), now().plusSeconds(30))).isTrue();
        assertThat(store.leaderAttemptElect("maintenance", "b", now(), now().plusSeconds(30))).isFalse();
        assertThat(store.leaderOf("maintenance")).contains("a");
        assertThat(store.leaderAttemptElect("other", "b", now(), now().plusSeconds(30))).isTrue();

        clock.advance(Duration.ofSeconds(20));
        assertThat(store.leaderAttemptElect("maintenance", "a", now(), now().plusSeconds(30))).isTrue(); // renewed
        clock.advance(Duration.ofSeconds(20));
        assertThat(store.leaderAttemptElect("maintenance", "b", now(), now().plusSeconds(30))).isFalse(); // still a's
        clock.advance(Duration.ofSeconds(11));
        assertThat(store.leaderAttemptElect("maintenance", "b", now(), now().plusSeconds(30))).isTrue(); // a's expired
        assertThat(store.leaderAttemptElect("maintenance", "a", now(), now().plusSeconds(30))).isFalse();

        store.leaderResign("maintenance", "b");
        assertThat(store.leaderAttemptElect("maintenance", "a", now(), now().plusSeconds(30))).isTrue();
    }
}
