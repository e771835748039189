package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A paused queue gives no claim (the claiming statement reads the pause), whatever kind of job waits in it. */
public abstract class QueuePauseConformance extends StoreConformance {

    @Test
    void aPausedQueueGivesNoClaimUntilResumedAndOtherQueuesGoOn() {
        insert(aJob(now()).queue("mail").build());
        insert(aJob(now()).queue("mail").concurrencyKey("customer-1", 2).build()); // a held job takes the other path
        insert(aJob(now()).queue("reports").build());

        assertThat(store.queuePause("mail", now())).isTrue();
        assertThat(store.queuePause("mail", now().plusSeconds(1))).as("paused already").isFalse();

        assertThat(claim("mail", 10)).isEmpty();
        assertThat(claim("reports", 10)).hasSize(1);
        assertThat(store.queuesPaused()).isEqualTo(Map.of("mail", now()));

        assertThat(store.queueResume("mail")).isTrue();
        assertThat(store.queueResume("mail")).isFalse();
        assertThat(store.queuesPaused()).isEmpty();
        assertThat(claim("mail", 10)).hasSize(2);
    }

    @Test
    void theOldestAvailableJobOfEachQueueIsKnown() {
        insert(aJob(now()).queue("a").runAt(now().minusSeconds(40)).build());
        insert(aJob(now()).queue("a").runAt(now().minusSeconds(10)).build());
        insert(aJob(now()).queue("b").runAt(now().minusSeconds(5)).build());
        insert(aJob(now()).queue("c").runAt(now().plus(Duration.ofMinutes(1))).build()); // scheduled: not available
        // the oldest of a queue may sit behind jobs of a higher priority
        insert(aJob(now()).queue("b").priority(7).runAt(now().minusSeconds(2)).build());
        insert(aJob(now()).queue("b").priority(-3).runAt(now().minusSeconds(60)).build());
        insert(aJob(now()).queue("b").priority(2).runAt(now().minusSeconds(30)).build());
        assertThat(store.jobsOldestAvailableByQueue())
                .isEqualTo(Map.of("a", now().minusSeconds(40), "b", now().minusSeconds(60)));
        assertThat(store.jobsOldestAvailableRunAt()).contains(now().minusSeconds(60));
    }
}
