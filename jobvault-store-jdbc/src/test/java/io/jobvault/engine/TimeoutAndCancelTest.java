package io.jobvault.engine;

import static io.jobvault.engine.EngineHarness.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobvault.Attempt;
import io.jobvault.Job;
import io.jobvault.JobListener;
import io.jobvault.JobOutcome;
import io.jobvault.JobRequest;
import io.jobvault.JobState;
import io.jobvault.Jobvault;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Timeouts and cancellation interrupt the handler; the attempt ends with a clear record. */
class TimeoutAndCancelTest extends EngineTestBase {
    final CountDownLatch started = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();

    /** Blocks until interrupted, as a handler stuck on slow I/O would. */
    JobOutcome blockUntilInterrupted() {
        started.countDown();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            interrupted.set(true);
            Thread.currentThread().interrupt();
        }
        return JobOutcome.success();
    }

    @Test
    void aHandlerPastItsTimeoutIsInterruptedAndTheAttemptFailsSayingSo() throws Exception {
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("stuck", ctx -> blockUntilInterrupted()));
        UUID id = jv.submit(JobRequest.builder("stuck").timeout(Duration.ofSeconds(5)).maxAttempts(1).build()).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        h.clock.advance(Duration.ofSeconds(4));
        assertThat(jv.get(id).state()).isEqualTo(JobState.RUNNING);
        h.clock.advance(Duration.ofSeconds(1));

        Job dead = awaitState(jv, id, JobState.DEAD);
        assertThat(interrupted).isTrue();
        assertThat(dead.lastError()).isEqualTo("timed out after 5 s (the handler was interrupted)");
        assertThat(jv.attempts(id)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(Attempt.Outcome.TIMED_OUT);
            assertThat(a.errorType()).isEqualTo("java.util.concurrent.TimeoutException");
        });
    }

    @Test
    void cancellingARunningJobInterruptsItsHandlerAndEndsItCancelled() throws Exception {
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("long", ctx -> {
            blockUntilInterrupted();
            ctx.throwIfCancelled();
            return JobOutcome.success();
        }));
        UUID id = jv.submit(JobRequest.of("long", "{}")).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        assertThat(jv.cancel(id).cancelRequested()).isTrue();
        Job cancelled = awaitState(jv, id, JobState.CANCELLED);
        assertThat(interrupted).isTrue();
        assertThat(cancelled.finishedAt()).isNotNull();
        assertThat(jv.attempts(id)).extracting(Attempt::outcome).containsExactly(Attempt.Outcome.CANCELLED);
    }

    @Test
    void aCancelThroughAnotherNodeReachesTheHandlerWithTheNextHeartbeat() throws Exception {
        Jobvault runner = h.start(h.builder("runner").queue("default", 1).handler("long", ctx -> blockUntilInterrupted()));
        Jobvault other = h.start(h.builder("other"));
        UUID id = other.submit(JobRequest.of("long", "{}")).id();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        other.cancel(id);
        h.clock.advance(Duration.ofSeconds(10)); // the runner's next heartbeat sees the request
        awaitState(runner, id, JobState.CANCELLED);
        assertThat(interrupted).isTrue();
    }

    @Test
    void aCancelledWaitingJobNeverRuns() {
        CountDownLatch ran = new CountDownLatch(1);
        JobListener listener = new JobListener() {
            @Override
            public void jobStarted(io.jobvault.Job job) {
                ran.countDown();
            }
        };
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).listener(listener).handler("later", ctx -> JobOutcome.success()));
        UUID id = jv.submit(JobRequest.builder("later").delay(Duration.ofMinutes(1)).build()).id();
        assertThat(jv.cancel(id).state()).isEqualTo(JobState.CANCELLED);
        h.clock.advance(Duration.ofMinutes(2));
        UUID marker = jv.submit(JobRequest.of("later", "{}")).id();
        awaitState(jv, marker, JobState.SUCCEEDED);
        assertThat(jv.get(id).state()).isEqualTo(JobState.CANCELLED);
        assertThat(jv.attempts(id)).isEmpty();
    }

    /**
     * A cancel that reaches the run's thread after the handler returned, while its end is being made, must not drop
     * that end: the run would stay among the node's held leases, heartbeated for ever, and the job RUNNING for ever.
     */
    @Test
    void aCancelAfterTheHandlerReturnedStillEndsTheRun() throws Exception {
        CountDownLatch describing = new CountDownLatch(1);
        CountDownLatch described = new CountDownLatch(1);
        class SlowToDescribe extends RuntimeException {
            @Override
            public String getMessage() { // read while the engine makes the run's end, after the handler returned
                describing.countDown();
                EngineHarness.awaitIgnoringInterrupts(described); // keeps the interrupt for what follows
                return "failed";
            }
        }
        Jobvault jv = h.start(h.builder("n1").queue("default", 1).handler("fails", ctx -> {
            throw new SlowToDescribe();
        }));
        UUID id = jv.submit(JobRequest.builder("fails").maxAttempts(1).build()).id();
        assertThat(describing.await(20, TimeUnit.SECONDS)).isTrue();

        jv.cancel(id); // interrupts the run's thread
        described.countDown();
        await().atMost(EngineHarness.WAIT).until(() -> jv.get(id).state() != JobState.RUNNING);
        assertThat(jv.get(id).state().isTerminal()).isTrue();
    }
}
