package io.jobvault.engine;

import io.jobvault.Job;
import io.jobvault.JobHandler;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobState;
import io.jobvault.JobType;
import io.jobvault.json.JsonMappers;
import io.jobvault.store.JobFinish;
import io.jobvault.trace.JobTracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs claimed jobs, each on its own virtual thread, and hands each end to the completer. */
final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final EngineConfig config;
    private final RunningJobs running;
    private final Completer completer;
    private final Clock clock;
    private final JobListener listener;
    private final ArtifactWriter artifacts;

    JobRunner(EngineConfig config, RunningJobs running, Completer completer, ArtifactWriter artifacts) {
        this.artifacts = artifacts;
        this.config = config;
        this.running = running;
        this.completer = completer;
        this.clock = config.clock();
        this.listener = config.listener();
    }

    /** Starts the run; {@code slotRelease} runs when the handler has returned, before its end is recorded. */
    void start(Job job, Runnable slotRelease) {
        Instant deadline = job.timeout() == null ? null : clock.instant().plus(job.timeout());
        RunningJob run = new RunningJob(job, deadline);
        running.add(run);
        Thread.ofVirtual().name("jobvault-" + job.type() + "-" + job.id()).start(() -> {
            run.attach(Thread.currentThread());
            try {
                execute(run);
            } finally {
                slotRelease.run();
            }
        });
    }

    /**
     * Every way out of a run leaves it with an owner: the completer (which takes it out of {@link RunningJobs} once
     * its end is recorded), {@code close()} (which hands back the lease of every run still there), or nobody — then it
     * leaves {@link RunningJobs} here, so that no run is heartbeated after its end is dropped.
     */
    private void execute(RunningJob run) {
        boolean owned = false;
        try {
            owned = runAndHandOver(run);
        } catch (RuntimeException e) {
            log.error("job {} attempt {}: its end could not be recorded ({}); its lease will expire and it will run again",
                    run.job.id(), run.job.attempt(), e.toString(), e);
        } finally {
            if (!owned) running.remove(run);
        }
    }

    /** Runs the handler and hands its end over; returns whether the completer or {@code close()} now owns the run. */
    private boolean runAndHandOver(RunningJob run) {
        Span span = config.tracing().startRun(run.job);
        JobState newState = null;
        Throwable error = null;
        try {
            RunEnd finish = runHandler(run, span);
            error = finish == null ? null : finish.error();
            if (finish == null) return run.stopReason() == StopReason.SHUTDOWN;
            newState = finish.finish().newState();
            return handOver(run, finish.finish());
        } finally {
            JobTracing.endRun(span, newState, error);
        }
    }

    /** A run's end and the handler's exception, if it threw. */
    private record RunEnd(JobFinish finish, Throwable error) {}

    /** Runs the handler with its span current; the run's end, or null when it must not be recorded. */
    private RunEnd runHandler(RunningJob run, Span span) {
        Job job = run.job;
        JobType type = config.jobTypes().get(job.type());
        JobOutcome outcome = null;
        Throwable error = null;
        listener.jobStarted(job); // Listeners isolates failures: a broken listener never fails a job
        try {
            if (type == null) {
                // Retried, not discarded: during a rolling deploy another node (or this one, upgraded) will know it.
                outcome = JobOutcome.retry("no handler is registered for job type '" + job.type() + "' on node "
                        + config.nodeId() + " (register it there, or submit the type to a queue this node does not run)");
            } else {
                JobHandler handler = type.handler();
                try (var mdc = RunMdc.put(job); Scope current = span.makeCurrent()) {
                    outcome = handler.handle(new RunContext(run, clock, artifacts, config.nodeId(), config.mapper()));
                }
            }
        } catch (Throwable t) {
            error = t;
        }
        outcome = JsonMappers.withResultWritten(config.mapper(), outcome, job.type());
        Thread.interrupted(); // an interrupt aimed at the handler must not break recording its end
        if (notRecorded(run)) return null;
        return new RunEnd(RunOutcomes.finish(run, config.nodeId(), type, outcome, error, clock.instant()), error);
    }

    /** Hands a run's end to the completer; returns whether the completer or {@code close()} now owns the run. */
    private boolean handOver(RunningJob run, JobFinish finish) {
        while (true) {
            try {
                run.handedOver = true;
                completer.submit(run, finish);
                return true;
            } catch (InterruptedException e) {
                // A cancel or a timeout that came after the handler returned does not change its end: keep waiting for
                // room in the completer's buffer. A shutdown or a lost lease does: the end would be refused anyway.
                if (notRecorded(run)) return run.stopReason() == StopReason.SHUTDOWN;
            }
        }
    }

    /** Whether the run's end must not be recorded: the lease is being handed back, or is held by someone else. */
    private boolean notRecorded(RunningJob run) {
        StopReason stop = run.stopReason();
        if (stop != StopReason.SHUTDOWN && stop != StopReason.LEASE_LOST) return false;
        log.info("job {} attempt {} stopped ({}); its result is not recorded", run.job.id(), run.job.attempt(), stop);
        if (stop == StopReason.LEASE_LOST) listener.jobResultRejected(run.job.id(), run.job.attempt()); // as a fenced write
        return true;
    }
}
