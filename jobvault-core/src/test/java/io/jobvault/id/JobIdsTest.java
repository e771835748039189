package io.jobvault.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JobIdsTest {
    private final JobIds ids = new JobIds(JobIds.newSecret());
    private final Instant t = Instant.parse("2030-01-01T00:00:00.123Z");

    @Test
    void idsAreVersion7WithTheCreationTime() {
        UUID id = ids.newId(t);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(JobIds.createdAt(id)).isEqualTo(t);
    }

    @Test
    void idsSortByTimeAsTextAndAsUuid() {
        UUID earlier = ids.newId(t);
        UUID later = ids.newId(t.plusMillis(1));
        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(JobIds.createdAt(earlier)).isBefore(JobIds.createdAt(later));
    }

    @Test
    void onlyIdsThisSecretIssuedVerify() {
        UUID mine = ids.newId(t);
        assertThat(ids.issued(mine)).isTrue();
        assertThat(ids.issued(new JobIds(JobIds.newSecret()).newId(t))).isFalse();
        assertThat(ids.issued(UUID.randomUUID())).isFalse();
        UUID flipped = new UUID(mine.getMostSignificantBits(), mine.getLeastSignificantBits() ^ (1L << 40));
        assertThat(ids.issued(flipped)).isFalse();
    }

    @Test
    void manyIdsInOneMillisecondAreDistinct() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) seen.add(ids.newId(t));
        assertThat(seen).hasSize(100_000);
    }
}
