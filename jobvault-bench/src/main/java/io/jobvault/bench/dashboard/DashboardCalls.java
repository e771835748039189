package io.jobvault.bench.dashboard;

import io.jobvault.JobFilter;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import io.jobvault.store.JobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What the dashboard's pages and the read API ask of a node, each as the page's handler asks it (the same
 * {@link Jobvault} methods, and the store reads the overview makes, taken uncached), with the filters an operator
 * uses. Each call draws its own parameters (a window, a job, a cursor) from a seeded random, so repeats do not read the
 * same rows.
 */
final class DashboardCalls {
    /** The page size of the dashboard's job and audit pages. */
    static final int PAGE = 50;
    static final double OVERVIEW_GOAL_MS = 20;
    static final double GOAL_MS = 50;

    /** One kind of call; {@code run} gets a random for its parameters and returns the rows it read. */
    record Call(String name, double goalMillis, Step run) {}

    interface Step {
        int run(SplittableRandom random);
    }

    private DashboardCalls() {}

    static List<Call> all(Jobvault jv, JobStore store, Instant now, List<UUID> deadJobs) {
        List<Call> calls = new ArrayList<>();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant dayFrom = minute.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(1));
        long span = SeedMix.SPAN.toMillis();
        Instant start = now.minus(SeedMix.SPAN);
        // the overview page: counts by queue and state, each queue's pause and latency, running jobs per node, open alerts
        calls.add(new Call("overview", OVERVIEW_GOAL_MS, r -> jv.counts(null).size() + store.queuesPaused().size()
                + store.jobsOldestAvailableByQueue().size() + store.jobsRunningByNode().size()
                + jv.alerts(now.minus(Duration.ofDays(1)), 200).size()));
        calls.add(new Call("overview, tenant-bound sign-in", OVERVIEW_GOAL_MS, r -> jv.counts("globex").size()));
        // GET /v1/stats: counts and a day of per-minute runs (the overview's charts)
        calls.add(new Call("stats: counts + a day of throughput", GOAL_MS, r -> jv.counts(null).size() + jv.throughput(dayFrom, null).size()));
        calls.add(new Call("throughput, one tenant, a day", GOAL_MS, r -> jv.throughput(dayFrom, "acme").size()));
        calls.add(new Call("queues", GOAL_MS, r -> jv.queueInfos().size()));
        // the Jobs page's bulk buttons: how many jobs the filter matches, before anything changes
        calls.add(new Call("bulk preview: state=dead, queue=emails", GOAL_MS,
                r -> (int) Math.min(Integer.MAX_VALUE, jv.bulk().preview(JobFilter.ALL.withState(JobState.DEAD).withQueue("emails")))));
        calls.add(list(jv, "jobs: newest", JobFilter.ALL));
        calls.add(list(jv, "jobs: state=dead", JobFilter.ALL.withState(JobState.DEAD)));
        calls.add(list(jv, "jobs: state=available", JobFilter.ALL.withState(JobState.AVAILABLE)));
        calls.add(list(jv, "jobs: type=media.transcode (3%)", JobFilter.ALL.withType("media.transcode")));
        calls.add(list(jv, "jobs: type=push.send (0.6%)", JobFilter.ALL.withType("push.send")));
        calls.add(list(jv, "jobs: queue=webhooks (6%)", JobFilter.ALL.withQueue("webhooks")));
        calls.add(list(jv, "jobs: queue=exports (2%)", JobFilter.ALL.withQueue("exports")));
        calls.add(list(jv, "jobs: tenant=umbrella (5%)", JobFilter.ALL.withTenant("umbrella")));
        calls.add(list(jv, "jobs: label team=billing", JobFilter.ALL.withLabel("team", "billing")));
        calls.add(list(jv, "jobs: state=dead, queue=emails", JobFilter.ALL.withState(JobState.DEAD).withQueue("emails")));
        calls.add(new Call("jobs: created in an hour", GOAL_MS, r -> {
            Instant from = start.plusMillis(r.nextLong(span - 3_600_000));
            return jv.list(JobFilter.ALL.withCreated(from, from.plus(Duration.ofHours(1))), null, PAGE).items().size();
        }));
        calls.add(new Call("jobs: finished in an hour", GOAL_MS, r -> {
            Instant from = start.plusMillis(r.nextLong(span - 3_600_000));
            return jv.list(JobFilter.ALL.withFinished(from, from.plus(Duration.ofHours(1))), null, PAGE).items().size();
        }));
        calls.add(new Call("jobs: deep keyset page", GOAL_MS,
                r -> jv.list(JobFilter.ALL, pick(deadJobs, r).toString(), PAGE).items().size()));
        calls.add(new Call("jobs: deep keyset page, state=succeeded", GOAL_MS,
                r -> jv.list(JobFilter.ALL.withState(JobState.SUCCEEDED), pick(deadJobs, r).toString(), PAGE).items().size()));
        calls.add(new Call("job: details + attempts", GOAL_MS, r -> {
            UUID id = pick(deadJobs, r);
            return jv.details(id).artifacts().size() + jv.attempts(id).size();
        }));
        calls.add(new Call("audit: newest page", GOAL_MS, r -> jv.auditLog(0, PAGE).size()));
        calls.add(new Call("audit: deep page", GOAL_MS,
                r -> jv.auditLog(1 + r.nextInt(DashboardSeeder.AUDIT_ENTRIES), PAGE).size()));
        // the Schedules page: every schedule and its newest fire's coverage
        calls.add(new Call("schedules", GOAL_MS, r -> jv.schedules().list().stream()
                .mapToInt(s -> 1 + jv.schedules().fires(s.schedule().id(), null, 1).size()).sum()));
        calls.add(new Call("alerts: open and a day resolved", GOAL_MS, r -> jv.alerts(now.minus(Duration.ofDays(1)), 500).size()));
        calls.add(new Call("nodes", GOAL_MS, r -> (int) (store.nodesList().size() + store.leaderOf("maintenance").stream().count()
                + store.jobsRunningByNode().size())));
        // the Health page: GET /v1/health's figures, read without counting jobs
        calls.add(new Call("health page", GOAL_MS, r -> (int) (store.jobsCountUnfinished().size() + store.jobsOldestAvailableRunAt().stream().count()
                + jv.throughput(dayFrom, null).size() + store.artifactsMissingCount() + store.jobsPruneBacklog(now, 1).waiting()
                + store.leaderOf("maintenance").stream().count() + store.jobsRunningByNode().size())));
        return calls;
    }

    /** The jobs page with one filter: its first page, newest first. */
    private static Call list(Jobvault jv, String name, JobFilter filter) {
        return new Call(name, GOAL_MS, r -> jv.list(filter, null, PAGE).items().size());
    }

    private static UUID pick(List<UUID> ids, SplittableRandom r) {
        return ids.get(r.nextInt(ids.size()));
    }
}
