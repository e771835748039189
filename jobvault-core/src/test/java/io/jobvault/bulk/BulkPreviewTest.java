package io.jobvault.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.JobCount;
import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.store.JobStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bulk preview reads the job counters where they answer the filter exactly, and counts jobs only where they cannot. */
class BulkPreviewTest {
    private final List<String> calls = new ArrayList<>();
    private final List<JobCount> counters = List.of(new JobCount("mail", "send", JobState.DEAD, 7),
            new JobCount("mail", "send", JobState.SUCCEEDED, 5), new JobCount("mail", "render", JobState.DEAD, 2),
            new JobCount("web", "send", JobState.DEAD, 3_000_000));
    /** A store that answers the counters and, for a count of jobs, 42; every other call fails the test. */
    private final JobStore store = (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "jobCounts" -> {
                    calls.add("jobCounts " + args[0]);
                    yield counters;
                }
                case "jobsCount" -> {
                    calls.add("jobsCount");
                    yield 42L;
                }
                default -> throw new AssertionError("unexpected store call " + method.getName());
            });
    private final BulkActions bulk = new BulkActions(store, null, Clock.systemUTC(), () -> {});

    @Test
    void stateQueueTypeAndTenantAreCountedExactlyFromTheCountersPastThePreviewCap() {
        assertThat(bulk.preview(JobFilter.ALL.withState(JobState.DEAD))).isEqualTo(3_000_009);
        assertThat(bulk.preview(JobFilter.ALL.withState(JobState.DEAD).withQueue("mail"))).isEqualTo(9);
        assertThat(bulk.preview(JobFilter.ALL.withQueue("mail").withType("send"))).isEqualTo(12);
        assertThat(bulk.preview(JobFilter.ALL.withTenant("acme").withType("render"))).isEqualTo(2);
        assertThat(calls).containsExactly("jobCounts null", "jobCounts null", "jobCounts null", "jobCounts acme");
        assertThat(BulkActions.previewIsExact(JobFilter.ALL.withState(JobState.DEAD).withTenant("acme"))).isTrue();
    }

    @Test
    void aLabelATimeRangeOrAnIdCountsTheJobsUpToTheCap() {
        assertThat(bulk.preview(JobFilter.ALL.withLabel("team", "billing"))).isEqualTo(42);
        assertThat(bulk.preview(JobFilter.ALL.withState(JobState.DEAD).withCreated(Instant.EPOCH, null))).isEqualTo(42);
        assertThat(calls).containsExactly("jobsCount", "jobsCount");
        assertThat(BulkActions.previewIsExact(JobFilter.ALL.withFinished(null, Instant.EPOCH))).isFalse();
    }
}
