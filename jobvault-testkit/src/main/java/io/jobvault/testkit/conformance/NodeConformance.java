package io.jobvault.testkit.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.schedule.JobTemplate;
import io.jobvault.schedule.Schedule;
import io.jobvault.schedule.ScheduleCodec;
import io.jobvault.schedule.Timing;
import io.jobvault.store.KnownJobTypes;
import io.jobvault.store.NodeRow;
import io.jobvault.store.ScheduleRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Node registry and leader leases: silent nodes are found; one leader per role, taken over once its lease expires;
 * the job types live nodes, schedules and recently seen workers run.
 */
public abstract class NodeConformance extends StoreConformance {

    @Test
    void nodesThatStoppedHeartbeatingAreFound() {
        store.nodeHeartbeat("a", Set.of(), now());
        store.nodeHeartbeat("b", Set.of(), now());
        clock.advance(Duration.ofSeconds(30));
        store.nodeHeartbeat("b", Set.of(), now());
        assertThat(store.nodesSilentSince(now().minusSeconds(20))).containsExactly("a");
        store.nodeForget("a");
        assertThat(store.nodesSilentSince(now().plusSeconds(1))).containsExactly("b");
    }

    @Test
    void theRegistryListsEveryNodeWithItsVersionAndClockSkewFromItsLatestHeartbeat() {
        Instant started = now();
        store.nodeHeartbeat("b", Set.of(), now(), "0.1.0", Duration.ofMillis(-4200));
        store.nodeHeartbeat("a", Set.of(), now()); // a node that does not say
        clock.advance(Duration.ofSeconds(5));
        store.nodeHeartbeat("b", Set.of(), now(), "0.2.0", null);

        assertThat(store.nodesList()).containsExactly(new NodeRow("a", started, started, null, null),
                new NodeRow("b", started, now(), "0.2.0", null));
        store.nodeHeartbeat("a", Set.of(), now(), "0.2.0", Duration.ofMillis(300_123));
        assertThat(store.nodesList().getFirst()).isEqualTo(new NodeRow("a", started, now(), "0.2.0", Duration.ofMillis(300_123)));
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

    @Test
    void knownJobTypesAreLiveNodesHandlersSchedulesTemplatesAndRecentWorkersDeclarations() {
        store.nodeHeartbeat("silent", Set.of("old.type"), now());
        clock.advance(Duration.ofMinutes(1));
        store.nodeHeartbeat("a", Set.of("report.pdf"), now());
        Schedule daily = Schedule.builder("daily", Timing.every(Duration.ofDays(1)), JobTemplate.of("report.daily")).build();
        store.scheduleUpsert(new ScheduleRow(daily.id(), ScheduleCodec.write(daily), false, now().plusSeconds(60), null, "api", now(), now(), 0));
        store.workerJobTypesSeen(null, Set.of("video.render", "left.long.ago"), now().minus(Duration.ofDays(2)), now().minus(Duration.ofDays(3)));
        store.workerJobTypesSeen(null, Set.of("video.render"), now(), now().minus(Duration.ofDays(3)));
        store.workerJobTypesSeen("acme", Set.of("acme.export"), now(), now().minus(Duration.ofDays(3)));

        KnownJobTypes known = store.jobTypesKnown(now().minusSeconds(30), now().minus(Duration.ofDays(1)));

        assertThat(known.everyone()).containsExactlyInAnyOrder("report.pdf", "report.daily", "video.render");
        assertThat(known.knows("acme.export", "acme")).isTrue();
        assertThat(known.knows("acme.export", null)).as("a tenant's workers run only its jobs").isFalse();
        assertThat(known.knows("acme.export", "globex")).isFalse();
        assertThat(known.visibleTo("globex")).containsExactly("report.daily", "report.pdf", "video.render");

        store.workerJobTypesSeen(null, Set.of("video.render"), now(), now().minus(Duration.ofDays(1)));
        assertThat(store.jobTypesKnown(now().minusSeconds(30), Instant.EPOCH).everyone())
                .as("declarations older than the period are forgotten").doesNotContain("left.long.ago");
    }
}
