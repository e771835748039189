package io.jobvault.testkit.conformance;

import static io.jobvault.testkit.JobInserts.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobvault.Job;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobInsert;
import io.jobvault.store.JobStore;
import io.jobvault.testkit.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the store conformance suite. A store module extends each area class ({@link InsertConformance},
 * {@link ClaimConformance}, …) once and implements {@link #openStore()} with a fresh, empty store per test.
 */
public abstract class StoreConformance {
    protected static final Duration LEASE = Duration.ofSeconds(30);
    protected static final String NODE = "node-a";

    protected final SettableClock clock = SettableClock.atFixedStart();
    protected JobStore store;

    /** A new, empty store; closed after each test. */
    protected abstract JobStore openStore();

    @BeforeEach
    void openFreshStore() {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    protected Instant now() {
        return clock.instant();
    }

    protected UUID insert(JobInsert job) {
        return store.jobsInsert(List.of(job)).getFirst().id();
    }

    protected UUID insertAvailable() {
        return insert(aJob(now()).build());
    }

    protected List<Job> claim(String queue, int limit) {
        return claim(queue, limit, NODE);
    }

    protected List<Job> claim(String queue, int limit, String owner) {
        return store.jobsClaim(new JobClaimParams(queue, limit, owner, now().plus(LEASE), now()));
    }

    protected Job claimOne() {
        List<Job> jobs = claim("default", 1);
        assertThat(jobs).hasSize(1);
        return jobs.getFirst();
    }

    protected Job get(UUID id) {
        return store.jobGet(id).orElseThrow();
    }
}
