package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.alert.Alert;
import io.jobvault.alert.Severity;
import io.jobvault.store.AuditEntry;
import io.jobvault.store.FireJob;
import io.jobvault.store.FireRow;
import io.jobvault.store.FireWrite;
import io.jobvault.store.ScheduleRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pruning of the histories that are not jobs: schedule fires, the audit log and resolved alerts, in bounded batches. */
public abstract class HistoryPruneConformance extends StoreConformance {

    @Test
    void firesBeforeTheCutoffGoWithTheirJobLinksInBoundedBatches() {
        store.scheduleUpsert(new ScheduleRow("nightly", "{}", false, now().plus(Duration.ofDays(1)), null, "api", now(),
                now(), 0));
        List<Instant> fireTimes = List.of(now().minus(Duration.ofDays(3)), now().minus(Duration.ofDays(2)),
                now().minus(Duration.ofHours(1)));
        for (Instant at : fireTimes) {
            FireRow fire = new FireRow("nightly", at, "manual", "enqueued", null, null, null, null, "tester", now(), null);
            FireJob job = new FireJob(aJob(now()).build(), at, "manual", "");
            assertThat(store.scheduleFire(new FireWrite("nightly", null, null, null, List.of(fire), List.of(job), null,
                    null, null), now())).isTrue();
        }
        Instant cutoff = now().minus(Duration.ofDays(1));
        assertThat(store.firesPrune(cutoff, 1)).isEqualTo(1);
        assertThat(store.firesPrune(cutoff, 10)).isEqualTo(1);
        assertThat(store.firesPrune(cutoff, 10)).isZero();
        assertThat(store.fires("nightly", null, 10)).extracting(FireRow::fireAt).containsExactly(fireTimes.get(2));
        assertThat(store.fireJobs("nightly", fireTimes.get(0))).as("the pruned fire's job links").isEmpty();
        assertThat(store.fireJobs("nightly", fireTimes.get(2))).hasSize(1);
    }

    @Test
    void auditEntriesBeforeTheCutoffGoOldestFirstInBoundedBatches() {
        for (int days = 3; days >= 1; days--) {
            store.auditInsert(new AuditEntry(0, now().minus(Duration.ofDays(days)), "admin", "job.cancel", "job:" + days,
                    null, "{}"));
        }
        store.auditInsert(new AuditEntry(0, now(), "admin", "job.retry", "job:now", null, "{}"));
        Instant cutoff = now().minus(Duration.ofHours(36));
        assertThat(store.auditPrune(cutoff, 1)).isEqualTo(1);
        assertThat(store.auditList(0, 10)).extracting(AuditEntry::target).containsExactly("job:now", "job:1", "job:2");
        assertThat(store.auditPrune(cutoff, 10)).isEqualTo(1);
        assertThat(store.auditPrune(cutoff, 10)).isZero();
        assertThat(store.auditList(0, 10)).extracting(AuditEntry::target).containsExactly("job:now", "job:1");
    }

    @Test
    void resolvedAlertsBeforeTheCutoffGoAndOpenOnesStayHoweverOld() {
        Instant raised = now().minus(Duration.ofDays(30));
        resolved("resolved-9d-ago", raised, now().minus(Duration.ofDays(9)));
        resolved("resolved-8d-ago", raised, now().minus(Duration.ofDays(8)));
        resolved("resolved-1h-ago", raised, now().minus(Duration.ofHours(1)));
        open("open-for-30d", raised);
        Instant cutoff = now().minus(Duration.ofDays(2));
        assertThat(store.alertsPrune(cutoff, 1)).isEqualTo(1);
        assertThat(store.alertsPrune(cutoff, 10)).isEqualTo(1);
        assertThat(store.alertsPrune(cutoff, 10)).isZero();
        assertThat(store.alertsOpen()).extracting(Alert::key).containsExactly("open-for-30d");
        assertThat(store.alertsSince(raised, 10)).extracting(Alert::key)
                .containsExactlyInAnyOrder("resolved-1h-ago", "open-for-30d");
    }

    private Alert open(String key, Instant raisedAt) {
        return store.alertOpen(new Alert(0, key, "test.rule", Severity.WARNING, "title", "message", "hint", Map.of(),
                raisedAt, null)).orElseThrow();
    }

    private void resolved(String key, Instant raisedAt, Instant resolvedAt) {
        assertThat(store.alertResolve(open(key, raisedAt).id(), resolvedAt)).isPresent();
    }
}
