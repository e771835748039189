package io.jobvault.engine;

import io.jobvault.Artifact;
import io.jobvault.Job;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.LeaseLostException;
import io.jobvault.retry.Backoff;
import io.jobvault.retry.OutcomePolicy;
import io.jobvault.retry.OutcomePolicy.Transition;
import io.jobvault.retry.OutcomePolicy.Verdict;
import io.jobvault.store.HeartbeatResult;
import io.jobvault.store.JobClaimParams;
import io.jobvault.store.JobHeartbeatParams;
import io.jobvault.store.JobProgress;
import io.jobvault.store.JobStore;
import io.jobvault.store.LeaseRef;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Runs held by workers in other processes (the HTTP worker API). They lease jobs under their own owner name and
 * report back through the same fenced store operations as local runs: a stale or foreign lease changes nothing.
 * Their leases expire and are rescued like any other when they stop heartbeating.
 */
public final class RemoteRuns {
    /** The state after a heartbeat. */
    public record Heartbeat(boolean held, boolean cancelRequested, Instant leaseExpiresAt) {}

    private final JobStore store;
    private final EngineConfig config;
    private final ArtifactWriter artifacts;
    private final Clock clock;
    private final LivenessClock liveness;

    private final java.util.Map<String, io.jobvault.RateLimit> rateLimits;
    private final Consumer<String> wakeQueue;

    RemoteRuns(JobStore store, EngineConfig config, LivenessClock liveness, ArtifactWriter artifacts, Consumer<String> wakeQueue) {
        this.store = store;
        this.wakeQueue = wakeQueue;
        this.config = config;
        this.artifacts = artifacts;
        this.clock = config.clock();
        this.liveness = liveness;
        this.rateLimits = config.rateLimits();
    }

    /** Claims up to {@code max} jobs from the queues, in order, leased to {@code owner}; {@code tenant} may be null. */
    public List<Job> claim(List<String> queues, int max, String owner, String tenant) {
        List<Job> claimed = new ArrayList<>();
        for (String q : queues) {
            if (claimed.size() >= max) break;
            claimed.addAll(store.jobsClaim(config.claim(liveness, q, max - claimed.size(), owner, tenant, rateLimits)));
        }
        return claimed;
    }

    /**
     * Hands back jobs a claim took whose answer could not reach the worker (it went away mid long-poll): they are
     * available again at once, with their attempt count as before the claim, and this node's fetchers are woken.
     */
    public void unclaim(String owner, List<Job> claimed) {
        if (claimed.isEmpty()) return;
        store.jobsUnclaim(owner, claimed.stream().map(j -> new LeaseRef(j.id(), j.attempt())).toList());
        claimed.stream().map(Job::queue).distinct().forEach(wakeQueue);
    }

    /** Extends the lease; stores progress when given. */
    public Heartbeat heartbeat(UUID id, int attempt, String owner, Integer percent, String message) {
        Instant now = clock.instant();
        Instant until = liveness.instant().plus(config.leaseDuration());
        HeartbeatResult r = store.jobsHeartbeat(new JobHeartbeatParams(owner, List.of(new LeaseRef(id, attempt)), until, now));
        boolean held = r.lost().isEmpty();
        if (held && percent != null) {
            store.jobsProgressIfRunning(List.of(new JobProgress(id, attempt, owner, percent, message)), now);
        }
        return new Heartbeat(held, held && r.cancelRequested().contains(id), held ? until : null);
    }

    /**
     * Records how a remote run ended, by the same {@link OutcomePolicy} as local runs: the worker judged the handler's
     * outcome (it alone saw the exception and its job type's policies); the job's attempt budget is applied here.
     * As for local runs, a cancel requested while the job ran wins over a failure or a snooze. False when the lease
     * was no longer held (nothing changed). The job is read first for its budget and its concurrency key, so that the
     * end of this run wakes the key's longest waiter at once, as a local run's does.
     */
    public boolean finish(UUID id, int attempt, String owner, Verdict verdict) {
        Job job = store.jobGet(id).orElse(null);
        boolean held = job != null && job.state() == JobState.RUNNING && job.attempt() == attempt && owner.equals(job.leaseOwner());
        if (!held) return false;
        if (job.cancelRequested() && !(verdict instanceof Verdict.Succeed)) verdict = new Verdict.Cancel("cancelled while running");
        JobType type = config.jobTypes().get(job.type());
        Transition t = OutcomePolicy.transition(verdict, job, type != null ? type.backoff() : Backoff.DEFAULT,
                () -> ThreadLocalRandom.current().nextDouble());
        return store.jobsFinishIfRunning(List.of(RunOutcomes.finishOf(job, owner, t, clock.instant())))[0];
    }

    /** Stores an artifact for the run holding the lease; {@link LeaseLostException} otherwise (nothing kept). */
    public Artifact writeArtifact(UUID id, int attempt, String owner, String name, String contentType, InputStream content)
            throws IOException {
        return artifacts.write(id, attempt, owner, name, contentType, content);
    }

}
